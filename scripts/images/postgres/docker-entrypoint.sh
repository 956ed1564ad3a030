#!/bin/sh
# Entrypoint of the locally built etl-cycle/postgres:15 image, modelled on what users know
# from the official image: POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB, init scripts in
# /docker-entrypoint-initdb.d (*.sql, *.sh) on first start, data in $PGDATA.
# With a password, TCP logins need it (scram-sha-256), so a wrong password really fails.
# PG_START_DELAY=<seconds> delays the start: the fault "database not accepting connections yet".
set -eu
: "${PGDATA:=/var/lib/postgresql/data}"
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
: "${POSTGRES_PASSWORD:=}"
: "${PG_START_DELAY:=0}"
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }

if [ "${1:-postgres}" != postgres ]; then exec "$@"; fi
[ "$#" -gt 0 ] && shift

mkdir -p "$PGDATA" /var/run/postgresql
chown -R postgres:postgres "$PGDATA" /var/run/postgresql
chmod 700 "$PGDATA"

if [ "$PG_START_DELAY" != 0 ]; then
  echo "entrypoint: delaying start by ${PG_START_DELAY}s"
  # As PID 1 a shell ignores SIGTERM unless it traps it: a stop during the delay must not
  # sit out the whole stop grace period.
  trap 'exit 143' TERM INT
  sleep "$PG_START_DELAY" &
  wait $!
  trap - TERM INT
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  chown postgres "$pwfile"
  if [ -n "$POSTGRES_PASSWORD" ]; then host_auth=scram-sha-256; else host_auth=trust; fi
  as_postgres initdb -D "$PGDATA" --username="$POSTGRES_USER" --pwfile="$pwfile" \
    --auth-local=trust --auth-host="$host_auth" >/dev/null
  rm -f "$pwfile"
  echo "host all all all $host_auth" >> "$PGDATA/pg_hba.conf"
  # A temporary server on the Unix socket only: clients cannot connect before init is done.
  as_postgres pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  if [ "$POSTGRES_DB" != postgres ]; then
    as_postgres psql -v ON_ERROR_STOP=1 -q --username "$POSTGRES_USER" -d postgres \
      -c "CREATE DATABASE \"$POSTGRES_DB\""
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sql) echo "entrypoint: running $f"; as_postgres psql -v ON_ERROR_STOP=1 -q --username "$POSTGRES_USER" -d "$POSTGRES_DB" -f "$f" ;;
      *.sh) echo "entrypoint: sourcing $f"; . "$f" ;;
      *) : ;;
    esac
  done
  as_postgres pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "entrypoint: database initialized"
fi

# Like the official image's STOPSIGNAL SIGINT (which `docker import` cannot set): a stop
# (SIGTERM) becomes PostgreSQL's fast shutdown instead of a smart one that waits for clients.
setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$PGDATA" -c listen_addresses='*' "$@" &
pid=$!
trap 'kill -INT "$pid"' TERM INT
status=0
wait "$pid" || status=$?
# `wait` also returns when a trapped signal arrives: wait for the server itself to finish.
while kill -0 "$pid" 2>/dev/null; do wait "$pid" || status=$?; done
exit "$status"
