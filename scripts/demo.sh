#!/usr/bin/env bash
# demo.sh — Ferry's main job on its built-in sample data, on a fresh machine: starts the local
# PostgreSQL 17 + pgvector server (installing it first if needed), builds Ferry, generates the
# scenario S2 sample SQLite database, migrates it into PostgreSQL for tenant "demo-tenant", and
# prints the report. Run it twice: the second run changes nothing (upsert by key).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

"$here/scripts/pg-start.sh" > /dev/null
db="$here/examples/s2-collections/data/collections.db"
[ -f "$db" ] || ./ferry sample s2 "$db"
./ferry run examples/s2-collections/spec.yaml --set user_id=demo-tenant --run-dir runs/demo "$@" || status=$?
echo
cat runs/demo/report.md
exit "${status:-0}"
