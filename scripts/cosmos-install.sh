#!/usr/bin/env bash
# cosmos-install.sh — installs the Cosmos DB test server for Ferry: the npm package
# @vercel/cosmosdb-server (pinned) into ${FERRY_HOME:-$HOME/.ferry}/cosmos-server. Idempotent:
# does nothing when that version is already there. Installs Node.js from Debian if it is missing.
set -euo pipefail
# shellcheck source=cosmos-common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/cosmos-common.sh"

mkdir -p "$FERRY_HOME"
exec 8>"$COSMOS_LOCK.install"
flock 8

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  cosmos_log "installing Node.js and npm (Debian packages)"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >&2
fi
if cosmos_installed; then
  exit 0
fi
cosmos_log "installing @vercel/cosmosdb-server@$COSMOS_SERVER_VERSION into $COSMOS_PREFIX"
mkdir -p "$COSMOS_PREFIX"
[ -f "$COSMOS_PREFIX/package.json" ] || echo '{"name":"ferry-cosmos-server","private":true}' > "$COSMOS_PREFIX/package.json"
(cd "$COSMOS_PREFIX" && npm install --no-audit --no-fund --loglevel=error \
  "@vercel/cosmosdb-server@$COSMOS_SERVER_VERSION" >&2)
cosmos_installed || cosmos_die "npm did not install @vercel/cosmosdb-server@$COSMOS_SERVER_VERSION"
