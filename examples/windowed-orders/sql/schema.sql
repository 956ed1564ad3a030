-- Task create_schema: idempotent DDL (safe on every run). order_id is the natural key the
-- load upserts on, so loading a window twice leaves one row per order.
CREATE SCHEMA IF NOT EXISTS sales;
CREATE TABLE IF NOT EXISTS sales.orders (
  order_id bigint PRIMARY KEY,
  ordered_at timestamptz NOT NULL,
  customer_id integer NOT NULL,
  amount numeric(12, 2) NOT NULL CHECK (amount >= 0),
  loaded_at timestamptz NOT NULL DEFAULT now(),
  loads integer NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS orders_by_time ON sales.orders (ordered_at);
