#!/usr/bin/env bash
# The test suite on a fresh machine: set the machine up if needed (packages, a Docker engine,
# local images, npm packages), run `npm test`, and stop the engine if this script started it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup-machine.sh
trap stop_started_engine EXIT
npm test
