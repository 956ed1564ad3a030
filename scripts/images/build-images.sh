#!/usr/bin/env bash
# Builds the images the examples and the test suite use, locally (no registry needed):
#   etl-cycle/busybox:1    from Debian's busybox-static
#   etl-cycle/postgres:15  a minimal Debian bookworm with postgresql-15, via debootstrap
# Idempotent: an image that already exists is kept (pass --force to rebuild).
# Needs: a running engine, busybox-static, debootstrap (see .ci/run for the apt line).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
force=0; [ "${1:-}" = "--force" ] && force=1

have_image() { [ "$force" = 0 ] && docker image inspect "$1" >/dev/null 2>&1; }
label=(--label org.opencontainers.image.vendor=etl-cycle)

if have_image etl-cycle/busybox:1; then
  echo "etl-cycle/busybox:1 present"
else
  ctx=$(mktemp -d)
  trap 'rm -rf "$ctx"' EXIT
  cp "$here/busybox/Dockerfile" "$ctx/"
  cp "$(command -v busybox)" "$ctx/busybox"
  docker build -q "${label[@]}" -t etl-cycle/busybox:1 "$ctx" >/dev/null
  echo "built etl-cycle/busybox:1"
fi

if have_image etl-cycle/postgres:15; then
  echo "etl-cycle/postgres:15 present"
else
  root=$(mktemp -d /tmp/etl-cycle-pgroot.XXXXXX)
  # minbase keeps it small; postgresql-15 pulls in the server and its client tools.
  debootstrap --variant=minbase --include=postgresql-15 bookworm "$root" >/tmp/etl-cycle-debootstrap.log 2>&1 \
    || { echo "debootstrap failed; see /tmp/etl-cycle-debootstrap.log" >&2; exit 1; }
  rm -rf "$root/var/cache/apt/archives"/*.deb "$root/var/lib/apt/lists"/*
  install -m 0755 "$here/postgres/docker-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
  mkdir -p "$root/docker-entrypoint-initdb.d"
  tar -C "$root" -c . | docker import \
    -c 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV PGDATA=/var/lib/postgresql/data' \
    -c 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
    -c 'CMD ["postgres"]' \
    -c 'EXPOSE 5432' \
    -c 'LABEL org.opencontainers.image.vendor=etl-cycle' \
    - etl-cycle/postgres:15 >/dev/null
  rm -rf "$root"
  echo "built etl-cycle/postgres:15"
fi
