#!/usr/bin/env bash
# chroma-start.sh — starts the Chroma test server (installing it first if needed). Idempotent.
# Runs `chroma run --path /var/lib/ferry-chroma/data --host 127.0.0.1 --port $FERRY_CHROMA_PORT`
# inside Ferry's trixie chroot and waits until /api/v2/heartbeat answers.
# Prints FERRY_CHROMA_URL (the server) and FERRY_CHROMA_PATH (its persisted directory, as seen from
# the host) on stdout and writes them to ${FERRY_HOME:-$HOME/.ferry}/chroma.env:
#   set -a; . ~/.ferry/chroma.env; set +a
# Env: FERRY_CHROMA_PORT (default 58000), FERRY_CHROMA_START_TIMEOUT (default 60), FERRY_HOME, FERRY_PG_ROOT.
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=chroma-common.sh
. "$SCRIPT_DIR/chroma-common.sh"

require_root
check_root_path
timeout_s="${FERRY_CHROMA_START_TIMEOUT:-60}"
chroma_installed || "$SCRIPT_DIR/chroma-install.sh"
take_chroma_lock

if pid=$(chroma_pid) && chroma_heartbeat; then
  log "Chroma already running (pid $pid, $(chroma_url))"
else
  if pid=$(chroma_pid); then
    log "Chroma (pid $pid) does not answer; stopping it"
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do pid_alive "$pid" || break; sleep 0.2; done
  fi
  port_in_use "$FERRY_CHROMA_PORT" && die "port $FERRY_CHROMA_PORT on 127.0.0.1 is in use by something else; stop it or set FERRY_CHROMA_PORT"
  mkdir -p "$CHROMA_DATA_HOST" "$(dirname "$CHROMA_LOG_HOST")"
  log "starting Chroma on $(chroma_url) (data: $CHROMA_DATA_HOST, log: $CHROMA_LOG_HOST)"
  (
    # Close inherited descriptors (our lock, callers' pipes) so the server holds none of them.
    for fd in /proc/"$BASHPID"/fd/*; do
      fd=${fd##*/}
      if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec setsid chroot "$FERRY_PG_ROOT" /usr/bin/env -i HOME=/root PATH=/usr/bin:/bin LANG=C.UTF-8 \
      "$CHROMA_BIN_IN" run --path "$CHROMA_DATA_IN" --host 127.0.0.1 --port "$FERRY_CHROMA_PORT" \
      </dev/null >"$CHROMA_LOG_HOST" 2>&1
  ) &
  echo $! >"$CHROMA_PID_FILE"
  deadline=$(( $(date +%s) + timeout_s ))
  until chroma_heartbeat; do
    if ! chroma_pid >/dev/null; then
      tail -n 30 "$CHROMA_LOG_HOST" >&2 || true
      die "Chroma exited during start-up (log: $CHROMA_LOG_HOST)"
    fi
    [ "$(date +%s)" -lt "$deadline" ] || { tail -n 30 "$CHROMA_LOG_HOST" >&2; die "Chroma does not answer after ${timeout_s}s"; }
    sleep 0.3
  done
  log "ready: Chroma (pid $(cat "$CHROMA_PID_FILE")) on $(chroma_url)"
fi

env_lines="FERRY_CHROMA_URL=$(chroma_url)
FERRY_CHROMA_PATH=$CHROMA_DATA_HOST"
printf '%s\n' "$env_lines" >"$CHROMA_ENV_FILE.tmp"
mv -f "$CHROMA_ENV_FILE.tmp" "$CHROMA_ENV_FILE"
printf '%s\n' "$env_lines"
