#!/usr/bin/env bash
# pg-install.sh — installs PostgreSQL 17 + pgvector 0.8 into a Debian trixie chroot (debootstrap)
# for Ferry's tests and demo. Idempotent: does nothing if the chroot is already complete.
#
# Usage: scripts/pg-install.sh
#   Chroot location: $FERRY_PG_ROOT (default ${FERRY_HOME:-$HOME/.ferry}/pg-chroot).
#   Debian mirror:   $FERRY_PG_MIRROR, else read from the host's apt sources.
#   Needs root; installs debootstrap on the host with apt-get if it is missing.
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=pg-common.sh
. "$SCRIPT_DIR/pg-common.sh"

require_root
check_root_path

if pg_installed; then
  log "PostgreSQL $PG_MAJOR chroot already installed at $FERRY_PG_ROOT"
  exit 0
fi

take_lock
if pg_installed; then   # another run finished it while we waited for the lock
  log "PostgreSQL $PG_MAJOR chroot already installed at $FERRY_PG_ROOT"
  exit 0
fi

# Unmount anything mounted below $1 (deepest first), e.g. /proc left behind by an aborted debootstrap.
unmount_below() {
  local dir mp
  dir=$(realpath -m "$1")
  { awk '{print $2}' /proc/mounts | sed 's/\\040/ /g' | grep -E "^$dir(/|$)" || true; } | sort -r | while read -r mp; do
    log "unmounting leftover mount $mp"
    umount "$mp" 2>/dev/null || umount -l "$mp"
  done
}

# Remove a (partial) chroot safely: never follow mounts into the host's /proc or /dev.
remove_tree() {
  [ -e "$1" ] || return 0
  unmount_below "$1"
  rm -rf --one-file-system -- "$1"
}

if ! command -v debootstrap >/dev/null 2>&1; then
  log "installing debootstrap on the host (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  mkdir -p "$FERRY_HOME"
  aptlog="$FERRY_HOME/pg-install-apt.log"
  { apt-get update -q && apt-get install -y -q debootstrap; } >"$aptlog" 2>&1 \
    || { tail -n 20 "$aptlog" >&2; die "could not install debootstrap with apt-get (log: $aptlog)"; }
fi

mirror=$(debian_mirror /etc/apt) || die "could not find a Debian mirror in /etc/apt/sources.list{,.d/*}; set FERRY_PG_MIRROR=http://<mirror>/debian"

if [ -e "$FERRY_PG_ROOT" ]; then
  [ -d "$FERRY_PG_ROOT" ] || die "$FERRY_PG_ROOT exists and is not a directory"
  if [ -n "$(ls -A "$FERRY_PG_ROOT")" ]; then
    [ -f "$FERRY_PG_ROOT/etc/debian_version" ] || [ -d "$FERRY_PG_ROOT/debootstrap" ] \
      || die "$FERRY_PG_ROOT is not empty and does not look like a chroot of ours; remove it or set FERRY_PG_ROOT"
    log "removing incomplete chroot $FERRY_PG_ROOT"
  fi
  remove_tree "$FERRY_PG_ROOT"
fi

partial="$FERRY_PG_ROOT.partial"
remove_tree "$partial"
mkdir -p "$(dirname "$FERRY_PG_ROOT")"

log "debootstrap $PG_SUITE (minbase + $PG_PACKAGES) from $mirror into $FERRY_PG_ROOT (about 1-2 minutes, ~700 MB)"
start=$(date +%s)
bootlog="$FERRY_HOME/pg-install.log"
mkdir -p "$FERRY_HOME"
if ! debootstrap --variant=minbase --include="$PG_PACKAGES" "$PG_SUITE" "$partial" "$mirror" >"$bootlog" 2>&1; then
  tail -n 30 "$bootlog" >&2 || true
  [ -f "$partial/debootstrap/debootstrap.log" ] && tail -n 30 "$partial/debootstrap/debootstrap.log" >&2
  unmount_below "$partial"
  die "debootstrap failed (full log: $bootlog); the partial tree $partial is removed on the next run"
fi
unmount_below "$partial"   # debootstrap normally unmounts /proc and /sys itself; be sure

# Package maintainer scripts may have created and started a default cluster ("main", port 5432).
# Stop it, remove it, and keep it from coming back on package upgrades.
for pidfile in "$partial"/var/lib/postgresql/*/main/postmaster.pid; do
  [ -f "$pidfile" ] || continue
  pid=$(head -n1 "$pidfile")
  log "stopping default cluster started by the package (pid $pid)"
  kill -INT "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
done
rm -rf "$partial"/var/lib/postgresql/"$PG_MAJOR"/main "$partial"/etc/postgresql/"$PG_MAJOR"/main
if [ -f "$partial/etc/postgresql-common/createcluster.conf" ]; then
  sed -i 's/^#\?\s*create_main_cluster\s*=.*/create_main_cluster = false/' "$partial/etc/postgresql-common/createcluster.conf"
fi

[ -x "$partial$PG_BIN/postgres" ] || die "debootstrap finished but $PG_BIN/postgres is missing (see $bootlog)"
[ -f "$partial/usr/share/postgresql/$PG_MAJOR/extension/vector.control" ] \
  || die "debootstrap finished but pgvector is missing (see $bootlog)"

# shellcheck disable=SC2016  # ${Package} is a dpkg-query format field
versions=$(chroot "$partial" dpkg-query -W -f='${Package} ${Version}\n' "postgresql-$PG_MAJOR" "postgresql-$PG_MAJOR-pgvector")
printf '%s\n' "$versions" >"$partial/.ferry-pg-versions"
date -u +%Y-%m-%dT%H:%M:%SZ >"$partial/.ferry-pg-complete"
mv -T "$partial" "$FERRY_PG_ROOT"

log "installed in $(( $(date +%s) - start ))s:"
printf '%s\n' "$versions" | sed 's/^/    /' >&2
