#!/usr/bin/env bash
# java-opts.sh — prints the JVM options Ferry runs with by default (./ferry, the benchmarks, and
# with --cluster the collector and JIT parts for the Flink cluster's JVMs, whose heap Flink sizes).
# FERRY_JAVA_OPTS replaces them.
#
#   scripts/java-opts.sh                      # the default options
#   scripts/java-opts.sh run SPEC --runner flink ...   # the options for that ferry command
#   scripts/java-opts.sh --cluster            # for the Flink cluster's JVMs
#
# - Heap: -Xmx4g.
# - Collector: a migration is a batch job, so throughput beats pause times. On one or two cores the
#   serial collector costs the least CPU (1M SQLite rows into PostgreSQL: 13.6 s of CPU against
#   18.6 s with ParallelGC, and 0.3 GB instead of 1.1 GB resident); with more cores, ParallelGC.
# - JIT: the optimizing compiler (C2) waits for ten times more calls than HotSpot's defaults, and
#   the profiling tier for about ten times more. Start-up code (building the pipeline, Java
#   serialization of its functions, option parsing) is called thousands of times and was compiled
#   by C2 for nothing: 5-6 s of a 1M-row run's ~19 s of CPU went to compiling on 2 cores. The hot
#   per-record loops pass these thresholds within a second and are compiled as before. Measured on
#   the same run: 12-14 s of CPU instead of 19.
# - A command that submits to a Flink cluster (--runner flink) moves no records itself: its JVM
#   plans, translates the pipeline, submits it and follows the job. Start-up code is all it runs,
#   so it compiles with the quick compiler (C1) only, at its usual thresholds. The cluster's
#   TaskManagers run the records and keep the settings above. One flow of 1M rows at parallelism 2:
#   the client's share of the run (all but the job itself) 1.9-2.2 s instead of 2.6-2.7 s, in runs
#   taken in turns. The checks after the job (reading the targets back) run in this JVM too: on the
#   100k-vector Chroma flow they took 8.2-8.5 s with C1 and 6.9-8.8 s with the settings above, no
#   clear difference. So does a backup of a MongoDB or Cosmos DB target before the run, which was
#   not measured with C1; FERRY_JAVA_OPTS replaces these options where that matters.
set -euo pipefail
jit="-XX:Tier3InvocationThreshold=2000 -XX:Tier3MinInvocationThreshold=1000 -XX:Tier3CompileThreshold=20000 -XX:Tier3BackEdgeThreshold=600000 -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=20000 -XX:Tier4CompileThreshold=60000 -XX:Tier4BackEdgeThreshold=400000"
if [ "$(nproc 2>/dev/null || echo 1)" -le 2 ]; then gc=-XX:+UseSerialGC; else gc=-XX:+UseParallelGC; fi
if [ "${1:-}" = --cluster ]; then
  echo "$gc $jit"
  exit 0
fi
runner=direct
prev=
for a in "$@"; do
  case "$a" in --runner=*) runner="${a#--runner=}" ;; esac
  [ "$prev" = --runner ] && runner="$a"
  prev="$a"
done
if [ "$runner" = flink ]; then
  echo "-Xmx4g $gc -XX:TieredStopAtLevel=1"
else
  echo "-Xmx4g $gc $jit"
fi
