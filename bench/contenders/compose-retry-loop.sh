#!/usr/bin/env bash
# Contender "compose retry loop": what a CI job with a retry action around a compose script
# does (nick-fields/retry: max_attempts, retry_wait_seconds — default 10). Every attempt
# rebuilds the stack from scratch (down -v, up -d) and runs the orchestrator; any non-zero exit
# is retried after the same fixed wait, up to a fixed number of attempts.
#
#   compose-retry-loop.sh <compose file> <project> <orchestrator command...>
# Environment: MAX_ATTEMPTS (default 2), RETRY_WAIT_SECONDS (default 10).
# Prints "bench-contender: attempt N" per attempt so the harness can count them.
set -u
file=$1 project=$2
shift 2
max_attempts=${MAX_ATTEMPTS:-2}
retry_wait=${RETRY_WAIT_SECONDS:-10}

for ((attempt = 1; attempt <= max_attempts; attempt++)); do
  echo "bench-contender: attempt $attempt"
  if docker-compose -f "$file" -p "$project" down -v &&
     docker-compose -f "$file" -p "$project" up -d &&
     "$@"; then
    echo "bench-contender: green"
    exit 0
  fi
  if ((attempt < max_attempts)); then sleep "$retry_wait"; fi
done
echo "bench-contender: gave up after $max_attempts attempts"
exit 1
