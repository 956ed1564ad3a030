#!/usr/bin/env bash
# Prepares a bare machine of this kind (Debian bookworm, root, Node 20, the docker client only,
# no registry) for etl-cycle: Debian packages, a Docker engine, the local images, npm packages
# and the build. Idempotent: whatever is already there is used as is.
#
# Source it (`. scripts/setup-machine.sh`): when it has to start a Docker engine it exports
# ETL_CYCLE_DOCKERD_PID so the caller can stop exactly that daemon (stop_started_engine).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

log() { printf 'setup: %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  # The BusyBox image is FROM scratch: only a statically linked busybox runs in it.
  if ! command -v busybox >/dev/null 2>&1 || ldd "$(command -v busybox)" >/dev/null 2>&1; then missing+=(busybox-static); fi
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap debian-archive-keyring)
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  command -v git >/dev/null 2>&1 || missing+=(git)
  # The remote-engine and Swarm tests start a second dockerd (its own bridge device, one iptables
  # rule), make TLS certificates and reach an engine over ssh, as users do.
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  command -v iptables >/dev/null 2>&1 || missing+=(iptables)
  command -v ssh >/dev/null 2>&1 || missing+=(openssh-client)
  command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  # The web page of `etl-cycle serve` is tested in Debian's headless chromium (playwright-core drives it).
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    # No package may start a service here (openssh-server would start an sshd on port 22): tests start their own.
    local policy=/usr/sbin/policy-rc.d created_policy=0
    if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null && as_root chmod +x "$policy" && created_policy=1; fi
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
    if [ "$created_policy" = 1 ]; then as_root rm -f "$policy"; fi
  fi
}

engine_answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

start_engine() {
  if engine_answers; then log "using the Docker engine that already answers"; return; fi
  local log_file=/tmp/etl-cycle-dockerd.log
  log "starting dockerd (log: $log_file)"
  # The daemon's output goes to a file, never to our stdout/stderr: a background process
  # holding them open would keep a CI step from finishing.
  as_root dockerd --data-root /var/lib/etl-cycle-docker >"$log_file" 2>&1 </dev/null &
  export ETL_CYCLE_DOCKERD_PID=$!
  for _ in $(seq 1 60); do
    engine_answers && { log "engine up"; return; }
    kill -0 "$ETL_CYCLE_DOCKERD_PID" 2>/dev/null || { log "dockerd exited; see $log_file"; tail -20 "$log_file" >&2; return 1; }
    sleep 1
  done
  log "dockerd did not answer within 60s; see $log_file"
  return 1
}

stop_started_engine() {
  if [ -n "${ETL_CYCLE_DOCKERD_PID:-}" ] && kill -0 "$ETL_CYCLE_DOCKERD_PID" 2>/dev/null; then
    log "stopping the dockerd this script started (pid $ETL_CYCLE_DOCKERD_PID)"
    as_root kill "$ETL_CYCLE_DOCKERD_PID" || true
    for _ in $(seq 1 20); do kill -0 "$ETL_CYCLE_DOCKERD_PID" 2>/dev/null || return 0; sleep 1; done
    as_root kill -9 "$ETL_CYCLE_DOCKERD_PID" 2>/dev/null || true
  fi
}

install_node_packages() {
  cd "$repo"
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  log "building"
  npm run --silent build
}

install_packages
start_engine
bash "$repo/scripts/images/build-images.sh" 2>&1 | grep -v -i -e deprecated -e buildx -e docs.docker.com -e '^ *$' >&2 || true
docker image inspect etl-cycle/postgres:15 etl-cycle/busybox:1 >/dev/null
install_node_packages
