#!/usr/bin/env bash
# flink-stop.sh — stops the Flink session cluster that scripts/flink-start.sh started in DIR, by
# the PIDs it recorded (TaskManager first, then JobManager): SIGTERM, then SIGKILL after 20 s.
#
#   scripts/flink-stop.sh               # the cluster in ~/.ferry/flink
#   scripts/flink-stop.sh --dir /tmp/c1
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=flink-common.sh
. "$here/flink-common.sh"

dir="$FLINK_DIR_DEFAULT"
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    *) echo "flink-stop.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

for name in taskmanager jobmanager; do
  pid_file="$dir/$name.pid"
  [ -f "$pid_file" ] || continue
  pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "flink-stop.sh: $name ($pid) ignored SIGTERM; killing it" >&2
      kill -9 "$pid" 2>/dev/null || true
    fi
    echo "flink-stop.sh: stopped $name ($pid)" >&2
  fi
  rm -f "$pid_file"
done
rm -f "$dir/flink.env"
