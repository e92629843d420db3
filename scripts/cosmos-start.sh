#!/usr/bin/env bash
# cosmos-start.sh — starts Ferry's Cosmos DB test server (installing it first if needed):
# @vercel/cosmosdb-server's in-memory account behind Ferry's compatibility layer
# (scripts/cosmos/layer.js), HTTPS on 127.0.0.1:${FERRY_COSMOS_PORT:-48081}. Idempotent: a
# running server is left alone (its data stays). Data lives in memory only.
#
# Usage: scripts/cosmos-start.sh [--restart]
# Prints FERRY_COSMOS_ENDPOINT / FERRY_COSMOS_KEY on stdout and writes them to
# ${FERRY_HOME:-$HOME/.ferry}/cosmos.env. Env: FERRY_COSMOS_PORT, FERRY_COSMOS_RANGES (partition
# key ranges per hash-v2 container, default 4), FERRY_HOME.
set -euo pipefail
# shellcheck source=cosmos-common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/cosmos-common.sh"

restart=false
for arg in "$@"; do
  case "$arg" in
    --restart) restart=true ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) cosmos_die "unknown argument '$arg' (usage: cosmos-start.sh [--restart])" ;;
  esac
done

"$COSMOS_SCRIPTS_DIR/cosmos-install.sh"
exec 9>"$COSMOS_LOCK"
flock 9

# A server started from other layer code (another checkout, an older commit) is replaced.
code_hash=$(cat "$COSMOS_SCRIPTS_DIR/cosmos/layer.js" "$COSMOS_SCRIPTS_DIR/cosmos/epk.js" | sha256sum | cut -d' ' -f1)
if cosmos_running_pid >/dev/null && [ "$(cat "$COSMOS_PID_FILE.code" 2>/dev/null)" != "$code_hash" ]; then
  cosmos_log "the running server has other layer code: restarting it"
  restart=true
fi
if $restart && pid=$(cosmos_running_pid); then
  cosmos_log "--restart: stopping pid $pid"
  kill "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
fi

if ! cosmos_running_pid >/dev/null; then
  if cosmos_answers; then
    cosmos_die "port $COSMOS_PORT is taken by another process (set FERRY_COSMOS_PORT)"
  fi
  cosmos_log "starting the layer on 127.0.0.1:$COSMOS_PORT (log: $COSMOS_LOG)"
  NODE_PATH="$COSMOS_PREFIX/node_modules" nohup node "$COSMOS_SCRIPTS_DIR/cosmos/layer.js" \
    --port "$COSMOS_PORT" --host 127.0.0.1 > "$COSMOS_LOG" 2>&1 9>&- &
  echo $! > "$COSMOS_PID_FILE"
  echo "$code_hash" > "$COSMOS_PID_FILE.code"
fi
for _ in $(seq 1 100); do
  if cosmos_answers; then break; fi
  cosmos_running_pid >/dev/null || { tail -n 20 "$COSMOS_LOG" >&2; cosmos_die "the layer exited"; }
  sleep 0.2
done
cosmos_answers || { tail -n 20 "$COSMOS_LOG" >&2; cosmos_die "the layer did not answer on port $COSMOS_PORT"; }

cat > "$COSMOS_ENV_FILE" <<ENV
FERRY_COSMOS_ENDPOINT=https://127.0.0.1:$COSMOS_PORT/
FERRY_COSMOS_KEY=$COSMOS_KEY
ENV
cat "$COSMOS_ENV_FILE"
