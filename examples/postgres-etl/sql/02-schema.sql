-- Task create_schema: schema version 1 (tables and grants), applied once.
-- The migration marker is trusted the way many teams' migration scripts trust theirs: when it
-- says version 1 is applied, the DDL is skipped. A data volume left half-made by a crashed run
-- (marker written, tables missing) therefore makes the load fail with
-- `relation "etl.customers" does not exist`, which etl-cycle heals by recreating the volume.
CREATE SCHEMA IF NOT EXISTS etl;
CREATE TABLE IF NOT EXISTS etl.schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
SELECT coalesce(max(version), 0) >= 1 AS applied FROM etl.schema_migrations \gset
\if :applied
  \echo schema already at version 1, skipping DDL
  \quit
\endif

BEGIN;
CREATE TABLE etl.customers (
  customer_id integer PRIMARY KEY,
  full_name text NOT NULL,
  email text NOT NULL,
  city text NOT NULL,
  signup_date date NOT NULL,
  lifetime_value numeric(12,2) NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE etl.load_audit (
  run_id text,
  rows_read int,
  rows_valid int,
  rows_in_table int,
  acceptance_ratio numeric(5,4),
  loaded_at timestamptz DEFAULT now()
);
GRANT USAGE ON SCHEMA etl TO etl_loader, etl_reader;
GRANT SELECT, INSERT, UPDATE ON etl.customers, etl.load_audit TO etl_loader;
GRANT SELECT ON ALL TABLES IN SCHEMA etl TO etl_reader;
INSERT INTO etl.schema_migrations (version) VALUES (1);
COMMIT;
\echo schema version 1 applied
