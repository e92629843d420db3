# shellcheck shell=bash disable=SC2034  # variables are used by the scripts that source this file
# chroma-common.sh — shared settings for scripts/chroma-*.sh (sourced, not run).
# Chroma's server ships in the npm package `chromadb` as a native module that needs glibc >= 2.38,
# so it runs inside the Debian trixie chroot that also hosts PostgreSQL (scripts/pg-install.sh).
#
# Environment knobs (all optional):
#   FERRY_HOME          base dir for Ferry's local state            (default: $HOME/.ferry)
#   FERRY_PG_ROOT       the Debian trixie chroot                    (default: $FERRY_HOME/pg-chroot)
#   FERRY_CHROMA_PORT   TCP port on 127.0.0.1                       (default: 58000)
#   FERRY_CHROMA_START_TIMEOUT  seconds to wait for the heartbeat   (default: 60)
#   FERRY_CHROMA_INSTANCE  names a second server's pid/env/log files (default: chroma), e.g. for
#                          benchmarks, together with FERRY_CHROMA_PORT and FERRY_CHROMA_DATA_IN
#   FERRY_CHROMA_DATA_IN   its persisted directory, as seen inside the chroot
#                          (default: /var/lib/ferry-chroma/data)
. "$(dirname "${BASH_SOURCE[0]}")/pg-common.sh"

CHROMA_NPM_VERSION=3.5.0
FERRY_CHROMA_PORT="${FERRY_CHROMA_PORT:-58000}"

# Paths as seen from inside the chroot.
CHROMA_NPM_IN=/opt/ferry-chroma/npm
CHROMA_BIN_IN="$CHROMA_NPM_IN/node_modules/.bin/chroma"
CHROMA_INSTANCE="${FERRY_CHROMA_INSTANCE:-chroma}"
case "$CHROMA_INSTANCE" in ''|*[!A-Za-z0-9_-]*) die "FERRY_CHROMA_INSTANCE must be letters, digits, - or _" ;; esac
CHROMA_BASE_IN=/var/lib/ferry-chroma
CHROMA_DATA_IN="${FERRY_CHROMA_DATA_IN:-$CHROMA_BASE_IN/data}"
CHROMA_LOG_IN="$CHROMA_BASE_IN/$CHROMA_INSTANCE-server.log"

# The same paths as seen from the host.
CHROMA_NPM_HOST="$FERRY_PG_ROOT$CHROMA_NPM_IN"
CHROMA_DATA_HOST="$FERRY_PG_ROOT$CHROMA_DATA_IN"
CHROMA_LOG_HOST="$FERRY_PG_ROOT$CHROMA_LOG_IN"
CHROMA_PID_FILE="$FERRY_HOME/$CHROMA_INSTANCE.pid"
CHROMA_ENV_FILE="$FERRY_HOME/$CHROMA_INSTANCE.env"
CHROMA_LOCK_FILE="$FERRY_HOME/$CHROMA_INSTANCE.lock"

chroma_url() { echo "http://127.0.0.1:$FERRY_CHROMA_PORT"; }

chroma_installed() {
  [ -x "$FERRY_PG_ROOT/usr/bin/node" ] \
    && [ -f "$CHROMA_NPM_HOST/node_modules/chromadb/package.json" ] \
    && grep -q "\"version\": \"$CHROMA_NPM_VERSION\"" "$CHROMA_NPM_HOST/node_modules/chromadb/package.json"
}

take_chroma_lock() {
  mkdir -p "$FERRY_HOME"
  exec 8>"$CHROMA_LOCK_FILE"
  flock -w 600 8 || die "timed out waiting for lock $CHROMA_LOCK_FILE (another chroma-*.sh still running?)"
}

# PID of our running Chroma server, else fails.
chroma_pid() {
  local pid
  [ -f "$CHROMA_PID_FILE" ] || return 1
  pid=$(cat "$CHROMA_PID_FILE" 2>/dev/null) || return 1
  case "$pid" in ''|*[!0-9]*) return 1 ;; esac
  pid_alive "$pid" || return 1
  [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$(realpath "$FERRY_PG_ROOT")" ] || return 1
  echo "$pid"
}

chroma_heartbeat() {
  curl -fsS --max-time 2 "$(chroma_url)/api/v2/heartbeat" >/dev/null 2>&1
}
