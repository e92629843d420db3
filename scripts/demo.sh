#!/usr/bin/env bash
# demo.sh — Ferry's main job on its built-in sample data, on a fresh machine: starts the local
# PostgreSQL 17 + pgvector server and the local Chroma server (installing them first if needed),
# builds Ferry, generates the scenario S2 sample SQLite database and Chroma collection, migrates
# both into PostgreSQL for tenant "demo-tenant" (the vectors in LangChain's pgvector layout), and
# prints the report. Run it twice: the second run changes nothing (upsert by key).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

"$here/scripts/pg-start.sh" > /dev/null
"$here/scripts/chroma-start.sh" > /dev/null
db="$here/examples/s2-collections/data/collections.db"
[ -f "$db" ] || ./ferry sample s2 "$db"
set -a
# shellcheck disable=SC1091
. "${FERRY_HOME:-$HOME/.ferry}/chroma.env"
set +a
./ferry sample s2-chroma "$FERRY_CHROMA_URL" > /dev/null
./ferry run examples/s2-collections/spec-full.yaml --set user_id=demo-tenant --run-dir runs/demo "$@" || status=$?
echo
cat runs/demo/report.md
exit "${status:-0}"
