#!/usr/bin/env bash
# run.sh — Chroma persisted directory -> PostgreSQL + pgvector benchmark: Ferry (directory reader ->
# binary COPY into LangChain's layout) side by side with a raw binary COPY of the same vectors.
# A benchmark, not a test: it prints figures and exits 0 whatever they are.
#
# Usage: bench/chroma-to-pgvector/run.sh [N] [DIM]     (default 100000 x 768)
# Env:
#   BENCH_RUNS=2        runs per contender (interleaved)
#   FERRY_JAVA_OPTS     passed on to ./ferry
# The source collection is written ONCE through a real Chroma server (generate.mjs, ~10 min for
# 100k x 768 on 2 cores) started by scripts/chroma-start.sh as instance "chroma-bench" on port
# 58100 with its persisted directory in the chroot's /tmp/ferry-bench-chroma; later runs reuse it.
# The server is stopped before the measurements, so the directory is read at rest.
# Ferry's vectors/s counts the load only: the run's wall time minus the index build and the
# vector checks (both from the report's notes); JVM start and planning stay in (a few seconds). The
# report's pipeline time (the pass itself: reads, steps, writes, facts) is printed beside it.
# The raw COPY is psql's client-side \copy (over TCP, like Ferry) of a binary COPY file of the same
# (id, embedding) rows, exported once from Ferry's table, into a table with the primary key and no
# other index. Needs psql on the host (postgresql-client).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
n="${1:-100000}"
dim="${2:-768}"
runs="${BENCH_RUNS:-2}"
# "c": clustered vectors (see generate.mjs); a change of the generator changes this suffix.
if [ $((n % 1000)) -eq 0 ]; then collection="bench_$((n / 1000))k_${dim}_c"; else collection="bench_${n}_${dim}_c"; fi
out_dir="$repo/bench/out"
log_dir="$out_dir/logs"
mkdir -p "$out_dir" "$log_dir"
say() { printf '%s\n' "$*" >&2; }

"$repo/scripts/pg-start.sh" >/dev/null
set -a; . "${FERRY_HOME:-$HOME/.ferry}/pg.env"; set +a
psql_() { "$repo/scripts/pg-psql.sh" -X -q -v ON_ERROR_STOP=1 "$@"; }

# ---- the source: a Chroma persisted directory, made through the real server once -------------
export FERRY_CHROMA_INSTANCE=chroma-bench FERRY_CHROMA_PORT=58100 FERRY_CHROMA_DATA_IN=/tmp/ferry-bench-chroma
eval "$("$repo/scripts/chroma-start.sh")"
chroma_dir="$FERRY_CHROMA_PATH"
count=$(curl -fsS "$FERRY_CHROMA_URL/api/v2/tenants/default_tenant/databases/default_database/collections/$collection" 2>/dev/null \
  | sed -n 's/.*"id":"\([0-9a-f-]*\)".*/\1/p' | head -n1 || true)
if [ -n "$count" ]; then
  count=$(curl -fsS "$FERRY_CHROMA_URL/api/v2/tenants/default_tenant/databases/default_database/collections/$count/count" || true)
fi
if [ "${count:-0}" != "$n" ]; then
  say "generating $n x $dim vectors through Chroma (collection $collection; once) ..."
  node "$here/generate.mjs" "$FERRY_CHROMA_URL" "$collection" "$n" "$dim" cosine >&2
fi
"$repo/scripts/chroma-stop.sh"
say "source: $chroma_dir ($(du -sh "$chroma_dir" | cut -f1)), collection $collection"

# ---- contenders ---------------------------------------------------------------------------------
command -v psql >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client; } >&2
"$repo/ferry" --help >/dev/null   # builds the jar if needed, outside the timings
copy_file=/tmp/ferry-bench-vectors-$n-$dim.bin
results="$out_dir/chroma-to-pgvector-$(date -u +%Y%m%dT%H%M%SZ).txt"
: >"$results"

ferry_run() { # run index -> prints "seconds load_seconds"
  psql_ -c "DROP SCHEMA IF EXISTS bench_vec CASCADE" -c "CHECKPOINT"
  local dir="$out_dir/chroma-run-$1" t0 t1
  t0=$(date +%s.%N)
  "$repo/ferry" run "$here/spec.yaml" --set chroma_path="$chroma_dir" --set collection="$collection" \
    --run-dir "$dir" --quiet >"$log_dir/chroma-ferry-$1.log" 2>&1 || say "ferry run $1 exited non-zero (see $dir/report.md)"
  t1=$(date +%s.%N)
  local index checks pipeline
  index=$(grep -o "index build took [0-9.]* s" "$dir/report.md" | grep -o "[0-9.]*" | head -n1)
  checks=$(grep -o "vector checks took [0-9.]* s" "$dir/report.md" | grep -o "[0-9.]*" | head -n1)
  pipeline=$(sed -n 's/^| pipeline | \([0-9.]*\) s |$/\1/p' "$dir/report.md" | head -n1)
  awk -v a="$t0" -v b="$t1" -v i="${index:-0}" -v c="${checks:-0}" -v p="${pipeline:-0}" 'BEGIN { printf "%.2f %.2f %.2f %.2f %.2f\n", b - a, b - a - i - c, i, c, p }'
}

raw_copy() { # run index -> prints seconds
  psql_ -c "DROP SCHEMA IF EXISTS bench_raw CASCADE" -c "CREATE SCHEMA bench_raw" \
    -c "CREATE TABLE bench_raw.vectors (id text PRIMARY KEY, embedding vector($dim))" -c "CHECKPOINT"
  local t0 t1
  t0=$(date +%s.%N)
  FERRY_PSQL=host psql_ -c "\\copy bench_raw.vectors (id, embedding) FROM '$copy_file' (FORMAT binary)"
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", b - a }'
}

say "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for r in $(seq 1 "$runs"); do
  read -r total load index checks pipeline < <(ferry_run "$r")
  echo "ferry run $r: total ${total}s, load ${load}s (pipeline ${pipeline}s), index build ${index}s, vector checks ${checks}s" | tee -a "$results" >&2
  if [ "$r" = 1 ]; then
    # The raw COPY's input: the same rows, exported once by the server in binary COPY format.
    FERRY_PSQL=host psql_ -c "\\copy (SELECT id, embedding FROM bench_vec.langchain_pg_embedding) TO '$copy_file' (FORMAT binary)"
  fi
  raw=$(raw_copy "$r")
  echo "raw COPY run $r: ${raw}s" | tee -a "$results" >&2
  echo "$load $raw" >>"$results.pairs"
done
say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
best_load=$(sort -n -k1,1 "$results.pairs" | head -n1 | cut -d' ' -f1)
best_raw=$(sort -n -k2,2 "$results.pairs" | head -n1 | cut -d' ' -f2)
rm -f "$results.pairs"
awk -v n="$n" -v f="$best_load" -v r="$best_raw" -v d="$dim" 'BEGIN {
  printf "\n%d x %d vectors, best of runs:\n", n, d
  printf "  Ferry (Chroma directory -> langchain_pg_embedding, before the index build): %6.1f s  %8.0f vectors/s\n", f, n / f
  printf "  raw binary COPY of the same rows (id, embedding):                          %6.1f s  %8.0f vectors/s\n", r, n / r
  printf "  Ferry / raw COPY: %.2fx   (targets: >= 50000 vectors/s and >= 0.6x)\n", (n / f) / (n / r)
}' | tee -a "$results"
