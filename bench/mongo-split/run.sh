#!/usr/bin/env bash
# run.sh — scenario S5 split benchmark: the 10,523-document user_data split (seed 004's mapping,
# examples/s5-userdata-split/spec.yaml) end to end, docs/s against the seed's 100 docs/s, side by
# side in one run with the same split hand-written on the plain MongoDB driver (single thread, no
# Beam), which shows what the server allows. A benchmark, not a test: it prints figures and exits 0
# whatever they are.
#
# Usage: bench/mongo-split/run.sh [N]        (N user_data documents, default 10523)
# Env:   BENCH_RUNS=2 (runs per contender, interleaved), FERRY_JAVA_OPTS (passed to Ferry's JVM)
# Server: mongo-java-server started by scripts/mongo-start.sh (in memory, 127.0.0.1:27018).
# Each run: the target collections are dropped, then the contender is timed wall-clock from start
# to exit (JVM start-up included); Ferry's own report checks its targets (counts, sampled mapping).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out_dir="$repo/bench/out"
n="${1:-10523}"
runs="${BENCH_RUNS:-2}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out_dir/logs"
say() { printf '%s\n' "$*" >&2; }

"$repo/scripts/mongo-start.sh" >&2
# shellcheck disable=SC1091
. "${FERRY_HOME:-$HOME/.ferry}/mongo.env"
export FERRY_MONGO_URI
uri="$FERRY_MONGO_URI"
db=narrative

"$repo/ferry" --help > /dev/null   # builds the jar once, untimed
jar="/tmp/ferry-bench/ferry-mongo-snapshot.jar"
mkdir -p /tmp/ferry-bench
cp "$repo/runners/target/ferry.jar" "$jar"
java_opts="${FERRY_JAVA_OPTS:--Xmx4g -XX:+UseParallelGC}"

say "generating $n user_data documents ..."
# shellcheck disable=SC2086
java $java_opts -jar "$jar" sample s5 "$uri/$db" --docs "$n" >&2

drop_targets() {
  java -cp "$jar" "$here/DropCollections.java" "$uri" "$db" >&2
}

results="$out_dir/mongo-split-$stamp.tsv"
printf 'contender\trun\tseconds\tdocs_per_s\tload1\n' > "$results"
time_it() { # name run command...
  local name="$1" run="$2"; shift 2
  drop_targets
  local load1; load1="$(cut -d' ' -f1 /proc/loadavg)"
  local t0 t1 secs
  t0="$(date +%s.%N)"
  "$@" > "$out_dir/logs/mongo-split-$name-$run.log" 2>&1 || say "$name run $run failed (see $out_dir/logs/mongo-split-$name-$run.log)"
  t1="$(date +%s.%N)"
  secs="$(echo "$t1 - $t0" | bc -l)"
  printf '%s\t%s\t%.2f\t%.0f\t%s\n' "$name" "$run" "$secs" "$(echo "$n / $secs" | bc -l)" "$load1" >> "$results"
}

for run in $(seq 1 "$runs"); do
  # shellcheck disable=SC2086
  time_it ferry "$run" java $java_opts -jar "$jar" run "$repo/examples/s5-userdata-split/spec.yaml" \
    --no-backup --quiet --run-dir "$out_dir/logs/mongo-split-ferry-run-$run"
  time_it plain-upsert "$run" java -cp "$jar" "$here/PlainDriverSplit.java" "$uri" "$db" upsert
  time_it plain-insert "$run" java -cp "$jar" "$here/PlainDriverSplit.java" "$uri" "$db" insert
done

{
  echo "S5 split of $n user_data documents into 2 collections (mongo-java-server, in memory), $stamp"
  echo "seed runbook pace: 100 docs/s (10,523 docs in 112 s); target: >= 10,000 docs/s (100x)"
  printf '%-14s %-4s %9s %10s %8s %8s\n' contender run seconds docs/s x_seed load1
  tail -n +2 "$results" | while IFS=$'\t' read -r c r s d l; do
    printf '%-14s %-4s %9s %10s %8.1f %8s\n' "$c" "$r" "$s" "$d" "$(echo "$d / 100" | bc -l)" "$l"
  done
  best() { awk -F'\t' -v c="$1" '$1==c && (b=="" || $3<b) {b=$3} END {print b}' "$results"; }
  bf="$(best ferry)"; bu="$(best plain-upsert)"; bi="$(best plain-insert)"
  echo "best: ferry ${bf}s, plain-driver upsert ${bu}s, plain-driver insert ${bi}s"
  echo "ratio ferry/plain-upsert time: $(echo "$bf / $bu" | bc -l | cut -c1-5); ferry docs/s vs seed: $(echo "$n / $bf / 100" | bc -l | cut -c1-6)x"
  echo "ferry's report: $out_dir/logs/mongo-split-ferry-run-1/report.md"
} | tee "$out_dir/mongo-split-$stamp.txt"
cp "$out_dir/mongo-split-$stamp.txt" "$out_dir/mongo-split-latest.txt"
