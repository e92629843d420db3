#!/usr/bin/env bash
# chroma-install.sh — installs the Chroma server (npm `chromadb`) into Ferry's Debian trixie chroot.
# Idempotent. Installs the PostgreSQL chroot first if it is missing (scripts/pg-install.sh), adds
# trixie's `nodejs` inside it with apt-get if it is not there yet, and runs `npm install chromadb`
# on the HOST into a folder inside the chroot (npm inside the chroot lacks the host's registry
# certificate configuration). Needs root, and npm on the host (installed with apt-get if missing).
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=chroma-common.sh
. "$SCRIPT_DIR/chroma-common.sh"

require_root
check_root_path
chroma_installed && { log "chroma $CHROMA_NPM_VERSION already installed in $FERRY_PG_ROOT"; exit 0; }
pg_installed || "$SCRIPT_DIR/pg-install.sh"
take_chroma_lock
chroma_installed && { log "chroma $CHROMA_NPM_VERSION already installed in $FERRY_PG_ROOT"; exit 0; }

aptlog="$FERRY_HOME/chroma-install-apt.log"
if [ ! -x "$FERRY_PG_ROOT/usr/bin/node" ]; then
  log "installing nodejs inside the chroot (apt-get)"
  chroot "$FERRY_PG_ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -c 'apt-get update -q && apt-get install -y -q --no-install-recommends nodejs' >"$aptlog" 2>&1 \
    || { tail -n 20 "$aptlog" >&2; die "could not install nodejs in the chroot (log: $aptlog)"; }
fi
if ! command -v npm >/dev/null 2>&1; then
  log "installing npm on the host (apt-get)"
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm; } >>"$aptlog" 2>&1 \
    || { tail -n 20 "$aptlog" >&2; die "could not install npm on the host (log: $aptlog)"; }
fi

mkdir -p "$CHROMA_NPM_HOST"
[ -f "$CHROMA_NPM_HOST/package.json" ] || echo '{ "name": "ferry-chroma", "private": true }' >"$CHROMA_NPM_HOST/package.json"
log "npm install chromadb@$CHROMA_NPM_VERSION into $CHROMA_NPM_HOST"
npmlog="$FERRY_HOME/chroma-install-npm.log"
(cd "$CHROMA_NPM_HOST" && npm install --no-audit --no-fund "chromadb@$CHROMA_NPM_VERSION") >"$npmlog" 2>&1 \
  || { tail -n 20 "$npmlog" >&2; die "npm install chromadb failed (log: $npmlog)"; }
version=$(chroot "$FERRY_PG_ROOT" /usr/bin/env -i PATH=/usr/bin:/bin "$CHROMA_BIN_IN" --version 2>/dev/null) \
  || die "the chroma binary does not run inside the chroot (glibc too old?)"
chroma_installed || die "npm install finished but chromadb $CHROMA_NPM_VERSION is not there"
log "installed: $version"
