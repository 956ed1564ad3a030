#!/usr/bin/env bash
# The demo on a fresh machine: set the machine up if needed, then a self-healing run of the
# example stack with injected faults (examples/demo.ts). The engine is left running so the
# green stack can be looked at; `etl-cycle down` removes the stack.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup-machine.sh
exec node dist/examples/demo.js
