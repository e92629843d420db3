#!/usr/bin/env bash
# run-memory.sh — memory benchmark: N x D generated vectors (default 1,000,000 x 1024, 4 GB of
# float32) through Ferry's pipeline with -Xmx2g, from a Chroma-layout directory written by
# generate-layout.py (cached in /tmp/ferry-bench-gen-N-D; needs python3-numpy) into a plain pgvector
# table, with the vector checks. Prints wall time, peak RSS (and its anonymous part: the mapped
# data_level0.bin's pages count in RSS too, as page cache the kernel can drop) and the verdict.
# Exits 0 whatever the figures (non-zero only when it cannot run).
#
# Usage: bench/chroma-to-pgvector/run-memory.sh [N] [D]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
n="${1:-1000000}"
d="${2:-1024}"
src="/tmp/ferry-bench-gen-$n-$d"
out="$repo/bench/out/chroma-memory-run"
# A Chroma -> PostgreSQL flow runs fused (each read range is read, stepped, written and its facts
# taken in one DoFn), so no runner holds more than a batch per worker: the DirectRunner (the
# default) and BENCH_RUNNER=flink-local both fit in -Xmx2g.
runner="${BENCH_RUNNER:-direct}"
runner_args="--runner $runner"
mkdir -p "$repo/bench/out/logs"
say() { printf '%s\n' "$*" >&2; }

python3 -c 'import numpy' 2>/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy; } >&2
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time; } >&2
if [ ! -f "$src/.complete" ]; then
  say "generating $n x $d vectors in Chroma's layout into $src (once) ..."
  rm -rf "$src"
  python3 "$here/generate-layout.py" "$src" "$n" "$d" >&2
  touch "$src/.complete"
fi
"$repo/scripts/pg-start.sh" >/dev/null
set -a; . "${FERRY_HOME:-$HOME/.ferry}/pg.env"; set +a
"$repo/scripts/pg-psql.sh" -X -q -c "DROP SCHEMA IF EXISTS bench_vec_mem CASCADE" 2>/dev/null
"$repo/ferry" --help >/dev/null
say "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; source $(du -sh "$src" | cut -f1)"
t0=$(date +%s.%N)
status=0
FERRY_JAVA_OPTS="-Xmx2g -XX:+UseParallelGC" /usr/bin/time -v "$repo/ferry" run "$here/spec-memory.yaml" \
  --set chroma_path="$src" --set collection="gen_${n}_${d}" --run-dir "$out" --quiet $runner_args \
  >"$repo/bench/out/logs/chroma-memory.log" 2>"$repo/bench/out/logs/chroma-memory.time" &
ferry_pid=$!
# The peak of the JVM's anonymous memory (heap, metaspace, stacks, buffers), sampled twice a second.
anon_kb=0
while kill -0 "$ferry_pid" 2>/dev/null; do
  for p in $(pgrep -f "spec-memory.yaml" || true); do
    a=$(sed -n 's/^RssAnon:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$p/status" 2>/dev/null || true)
    if [ -n "$a" ] && [ "$a" -gt "$anon_kb" ]; then anon_kb=$a; fi
  done
  sleep 0.5
done
wait "$ferry_pid" || status=$?
t1=$(date +%s.%N)
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$repo/bench/out/logs/chroma-memory.time")
say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -q OutOfMemoryError "$repo/bench/out/logs/chroma-memory.log" "$repo/bench/out/logs/chroma-memory.time" && say "OutOfMemoryError (see bench/out/logs/chroma-memory.*)"
awk -v a="$t0" -v b="$t1" -v n="$n" -v d="$d" -v r="${rss:-0}" -v an="$anon_kb" -v s="$status" 'BEGIN {
  printf "%d x %d vectors, -Xmx2g, runner '"$runner"': exit %d, %.1f s wall (incl. vector checks), peak RSS %.0f MB (anonymous %.0f MB)\n", n, d, s, b - a, r / 1024, an / 1024 }'
grep -E "^\*\*Verdict|^\| pipeline|vector (count|integrity)|vector checks took" "$out/report.md" || true
