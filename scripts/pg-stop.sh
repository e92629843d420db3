#!/usr/bin/env bash
# pg-stop.sh — stops Ferry's PostgreSQL test server (pg_ctl stop -m fast). Idempotent: does nothing
# if the server is not running or not installed. Data is kept; pg-start.sh brings it back.
#
# Usage: scripts/pg-stop.sh
# Env: FERRY_HOME, FERRY_PG_ROOT (same as pg-start.sh).
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=pg-common.sh
. "$SCRIPT_DIR/pg-common.sh"

case "${1:-}" in
  '') ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) die "unknown argument '$1' (usage: pg-stop.sh)" ;;
esac

require_root
check_root_path

if ! pg_installed || [ ! -f "$PG_DATA_HOST/PG_VERSION" ]; then
  log "no PostgreSQL server installed at $FERRY_PG_ROOT: nothing to stop"
  exit 0
fi

take_lock
if ! pid=$(running_pid); then
  log "PostgreSQL is not running"
  exit 0
fi

log "stopping PostgreSQL (pid $pid)"
# fd 9 holds our lock: don't hand it to anything that might outlive us.
if ! in_chroot_pg pg_ctl -D "$PG_DATA_IN" -m fast -w -t 60 stop >/dev/null 9>&-; then
  log "fast shutdown did not finish in 60s; trying immediate shutdown"
  in_chroot_pg pg_ctl -D "$PG_DATA_IN" -m immediate -w -t 30 stop >/dev/null 9>&- \
    || die "could not stop PostgreSQL (pid $pid); see $PG_LOG_HOST"
fi
log "stopped"
