-- Task prepare_source: the source tables and their rows. A real source already has its data;
-- here it is generated, deterministically, and idempotently (a rerun inserts nothing new).
CREATE TABLE IF NOT EXISTS customers (
  id integer PRIMARY KEY,
  name text NOT NULL,
  city text NOT NULL
);
CREATE TABLE IF NOT EXISTS orders (
  id integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers (id),
  amount numeric(10,2) NOT NULL,
  ordered_on date NOT NULL
);
INSERT INTO customers (id, name, city)
  SELECT i, 'Customer ' || i, (ARRAY['Cali', 'Bogota', 'Medellin', 'Pereira'])[1 + i % 4]
  FROM generate_series(1, 40) AS i
  ON CONFLICT (id) DO NOTHING;
INSERT INTO orders (id, customer_id, amount, ordered_on)
  SELECT i, 1 + i % 40, 10 + (i * 37) % 490, date '2026-01-01' + i % 90
  FROM generate_series(1, 120) AS i
  ON CONFLICT (id) DO NOTHING;
SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM orders) AS orders;
