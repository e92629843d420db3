#!/usr/bin/env bash
# cosmos-stop.sh — stops the Cosmos DB test server that scripts/cosmos-start.sh started (by the
# process id it recorded). Its in-memory data is gone afterwards.
set -euo pipefail
# shellcheck source=cosmos-common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/cosmos-common.sh"

if pid=$(cosmos_running_pid); then
  kill "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  cosmos_log "stopped pid $pid"
fi
rm -f "$COSMOS_PID_FILE"
