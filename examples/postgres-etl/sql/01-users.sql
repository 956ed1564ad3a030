-- Task create_users: the roles the load and the readers use, and the loader's password.
-- Idempotent: a rerun finds the roles and only sets the password again.
-- psql variable: loader_password.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'etl_loader') THEN CREATE ROLE etl_loader LOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'etl_reader') THEN CREATE ROLE etl_reader LOGIN; END IF;
END $$;
ALTER ROLE etl_loader PASSWORD :'loader_password';
\echo roles etl_loader, etl_reader ready
