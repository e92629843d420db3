#!/usr/bin/env bash
# chroma-stop.sh — stops the Chroma server that scripts/chroma-start.sh started (by its recorded PID,
# with SIGINT, which Chroma handles as a clean shutdown). Idempotent.
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=chroma-common.sh
. "$SCRIPT_DIR/chroma-common.sh"

require_root
take_chroma_lock
if ! pid=$(chroma_pid); then
  log "Chroma is not running"
  rm -f "$CHROMA_PID_FILE"
  exit 0
fi
kill -INT "$pid"
for _ in $(seq 1 100); do pid_alive "$pid" || break; sleep 0.1; done
pid_alive "$pid" && { kill -TERM "$pid" 2>/dev/null || true; sleep 1; }
pid_alive "$pid" && die "Chroma (pid $pid) did not stop"
rm -f "$CHROMA_PID_FILE"
log "stopped Chroma (pid $pid)"
