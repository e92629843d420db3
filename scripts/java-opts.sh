#!/usr/bin/env bash
# java-opts.sh — prints the JVM options Ferry runs with by default (./ferry, the benchmarks, and
# with --cluster the collector and JIT parts for the Flink cluster's JVMs, whose heap Flink sizes).
# FERRY_JAVA_OPTS replaces them.
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
set -euo pipefail
jit="-XX:Tier3InvocationThreshold=2000 -XX:Tier3MinInvocationThreshold=1000 -XX:Tier3CompileThreshold=20000 -XX:Tier3BackEdgeThreshold=600000 -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=20000 -XX:Tier4CompileThreshold=60000 -XX:Tier4BackEdgeThreshold=400000"
if [ "$(nproc 2>/dev/null || echo 1)" -le 2 ]; then gc=-XX:+UseSerialGC; else gc=-XX:+UseParallelGC; fi
if [ "${1:-}" = --cluster ]; then
  echo "$gc $jit"
  exit 0
fi
echo "-Xmx4g $gc $jit"
