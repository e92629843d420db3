#!/usr/bin/env bash
# langchain-js-install.sh — installs LangChain JS (@langchain/community's PGVectorStore + pg), at
# the versions pinned in scripts/langchain-js/package.json, into ${FERRY_HOME:-$HOME/.ferry}/langchain-js
# with the host's npm, next to scripts/langchain-js/query.mjs. Idempotent. The integration test
# LangchainJsIT runs query.mjs there with the host's node. Prints the folder on stdout.
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FERRY_HOME="${FERRY_HOME:-${HOME:-/root}/.ferry}"
dir="$FERRY_HOME/langchain-js"
log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

mkdir -p "$dir"
exec 7>"$FERRY_HOME/langchain-js.lock"
flock -w 600 7 || die "timed out waiting for $FERRY_HOME/langchain-js.lock"
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  log "installing nodejs and npm on the host (apt-get)"
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm; } >"$FERRY_HOME/langchain-js-apt.log" 2>&1 \
    || die "could not install nodejs/npm (log: $FERRY_HOME/langchain-js-apt.log)"
fi
cp "$SCRIPT_DIR/langchain-js/query.mjs" "$dir/query.mjs"
if ! cmp -s "$SCRIPT_DIR/langchain-js/package.json" "$dir/package.json" \
    || [ ! -f "$dir/node_modules/@langchain/community/package.json" ]; then
  cp "$SCRIPT_DIR/langchain-js/package.json" "$dir/package.json"
  log "npm install (LangChain JS) into $dir"
  # @langchain/community's optional peers disagree about @langchain/core's major version; the
  # pgvector store needs neither of them.
  (cd "$dir" && npm install --no-audit --no-fund --legacy-peer-deps) >"$FERRY_HOME/langchain-js-npm.log" 2>&1 \
    || { tail -n 20 "$FERRY_HOME/langchain-js-npm.log" >&2; die "npm install failed (log: $FERRY_HOME/langchain-js-npm.log)"; }
fi
echo "$dir"
