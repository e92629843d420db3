#!/usr/bin/env bash
# mongo-stop.sh — stops the server scripts/mongo-start.sh started (its data is in memory and goes).
set -euo pipefail
FERRY_HOME="${FERRY_HOME:-${HOME:-/root}/.ferry}"
pidfile="$FERRY_HOME/mongo/server.pid"
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  kill "$(cat "$pidfile")"
  for _ in $(seq 1 50); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.1; done
  echo "mongo-java-server stopped"
else
  echo "mongo-java-server not running"
fi
rm -f "$pidfile"
