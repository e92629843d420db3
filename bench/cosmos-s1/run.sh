#!/usr/bin/env bash
# bench/cosmos-s1/run.sh — scenario S1's vector step on the local Cosmos DB test server: 6,514
# documents of 768 floats written by the SDK's bulk executor directly and by CosmosIO.write on
# the DirectRunner, then read back over the feed ranges; prints documents/s, the ratio, and the
# share of the write's time spent waiting on the server. Not a test.
#
# Usage: bench/cosmos-s1/run.sh [DOCS] [WORKERS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
docs="${1:-6514}"
workers="${2:-2}"
"$here/scripts/cosmos-start.sh" > /dev/null
mkdir -p "$here/bench/out"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" | tee "$here/bench/out/cosmos-s1.txt"
cd "$here"
mvn -B -q -o -pl io test-compile surefire:test -Dtest=CosmosS1Bench -Dferry.bench=true \
  -Dferry.bench.docs="$docs" -Dferry.bench.workers="$workers" -Dsurefire.failIfNoSpecifiedTests=false \
  2>&1 | grep -E '^(cosmos-s1|  )' | tee -a "$here/bench/out/cosmos-s1.txt"
