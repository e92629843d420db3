#!/usr/bin/env bash
# mongo-start.sh — starts a local MongoDB-compatible server for demos and benchmarks:
# mongo-java-server (in-memory; no mongod is installable here) as a standalone JVM on
# 127.0.0.1:$FERRY_MONGO_PORT (default 27018). Its jars come from Maven Central through Maven.
# Idempotent: a running server is left alone. Writes $FERRY_HOME/mongo.env with FERRY_MONGO_URI.
# The tests do not need it: they start their own in-process server.
#
#   scripts/mongo-start.sh && . ~/.ferry/mongo.env
#   scripts/mongo-stop.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FERRY_HOME="${FERRY_HOME:-${HOME:-/root}/.ferry}"
FERRY_MONGO_PORT="${FERRY_MONGO_PORT:-27018}"
state="$FERRY_HOME/mongo"
mkdir -p "$state"

if [ -f "$state/server.pid" ] && kill -0 "$(cat "$state/server.pid")" 2>/dev/null; then
  echo "mongo-java-server already running (pid $(cat "$state/server.pid")) on 127.0.0.1:$FERRY_MONGO_PORT"
else
  if [ ! -s "$state/classpath.txt" ]; then
    mvn -B -q -ntp -f "$here/mongo/pom.xml" dependency:build-classpath \
      -Dmdep.outputFile="$state/classpath.txt" > "$state/resolve.log" 2>&1 \
      || { echo "mongo-start.sh: cannot resolve mongo-java-server (see $state/resolve.log)" >&2; exit 1; }
  fi
  nohup java -Xmx2g -cp "$(cat "$state/classpath.txt")" "$here/mongo/MongoServerMain.java" \
    "$FERRY_MONGO_PORT" > "$state/server.log" 2>&1 &
  echo $! > "$state/server.pid"
  for _ in $(seq 1 100); do
    if grep -q "listening" "$state/server.log" 2>/dev/null; then break; fi
    if ! kill -0 "$(cat "$state/server.pid")" 2>/dev/null; then
      echo "mongo-start.sh: the server exited (see $state/server.log)" >&2; exit 1
    fi
    sleep 0.2
  done
  grep -q "listening" "$state/server.log" || { echo "mongo-start.sh: the server did not start (see $state/server.log)" >&2; exit 1; }
  echo "mongo-java-server started (pid $(cat "$state/server.pid")) on 127.0.0.1:$FERRY_MONGO_PORT"
fi
echo "FERRY_MONGO_URI=mongodb://127.0.0.1:$FERRY_MONGO_PORT" > "$FERRY_HOME/mongo.env"
