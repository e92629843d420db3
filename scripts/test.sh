#!/usr/bin/env bash
# test.sh — the whole test suite on a fresh machine: installs and starts the real servers the
# integration tests need (PostgreSQL 17 + pgvector in a Debian chroot), then runs every unit and
# integration test and the formatting check with Maven. Extra arguments go to Maven.
#
#   scripts/test.sh                 # everything
#   scripts/test.sh -pl io -am      # one module and what it needs
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

"$here/scripts/pg-start.sh" > /dev/null
set -a
# shellcheck disable=SC1091
. "${FERRY_HOME:-$HOME/.ferry}/pg.env"
# shellcheck disable=SC1091
"$here/scripts/cosmos-start.sh" > /dev/null && . "${FERRY_HOME:-$HOME/.ferry}/cosmos.env"
set +a
"$here/scripts/chroma-start.sh" > /dev/null
set -a
# shellcheck disable=SC1091
. "${FERRY_HOME:-$HOME/.ferry}/chroma.env"
set +a
"$here/scripts/langchain-js-install.sh" > /dev/null

testdata="$(cd "$here/.." && pwd)/shared/testdata"
if [ ! -d "$testdata" ]; then
  echo "test.sh: the shared test corpora are missing: expected $testdata (a checkout of ../shared beside this repository)" >&2
  exit 1
fi

exec mvn -B -ntp verify "$@"
