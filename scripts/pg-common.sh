# shellcheck shell=bash disable=SC2034  # variables are used by the scripts that source this file
# pg-common.sh — shared settings and helpers for scripts/pg-*.sh.
# Sourced by pg-install.sh, pg-start.sh, pg-stop.sh and pg-psql.sh; not meant to be run directly.
#
# Environment knobs (all optional):
#   FERRY_HOME        base dir for Ferry's local state          (default: $HOME/.ferry)
#   FERRY_PG_ROOT     the Debian chroot holding PostgreSQL       (default: $FERRY_HOME/pg-chroot)
#   FERRY_PG_PORT     TCP port on 127.0.0.1                      (default: 55432)
#   FERRY_PG_MIRROR   Debian mirror URL for debootstrap          (default: taken from the host's apt config)

FERRY_HOME="${FERRY_HOME:-${HOME:-/root}/.ferry}"
FERRY_PG_ROOT="${FERRY_PG_ROOT:-$FERRY_HOME/pg-chroot}"
FERRY_PG_PORT="${FERRY_PG_PORT:-55432}"

PG_MAJOR=17
PG_SUITE=trixie                                    # first Debian release shipping postgresql-17 + pgvector 0.8
PG_PACKAGES="postgresql-$PG_MAJOR,postgresql-$PG_MAJOR-pgvector"

# Paths as seen from inside the chroot.
PG_BIN="/usr/lib/postgresql/$PG_MAJOR/bin"
PG_BASE_IN="/var/lib/postgresql/ferry-$PG_MAJOR"
PG_DATA_IN="$PG_BASE_IN/data"
PG_SOCK_IN="$PG_BASE_IN/run"
PG_LOG_IN="$PG_BASE_IN/server.log"

# The same paths as seen from the host.
PG_DATA_HOST="$FERRY_PG_ROOT$PG_DATA_IN"
PG_SOCK_HOST="$FERRY_PG_ROOT$PG_SOCK_IN"
PG_LOG_HOST="$FERRY_PG_ROOT$PG_LOG_IN"

PG_MARKER="$FERRY_PG_ROOT/.ferry-pg-complete"      # written last by pg-install.sh
PG_ENV_FILE="$FERRY_HOME/pg.env"
PG_LOCK_FILE="$FERRY_HOME/pg.lock"

FERRY_PG_DB=ferry
FERRY_PG_USER=ferry
FERRY_PG_PASSWORD=ferry

log()  { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

require_root() {
  [ "$(id -u)" -eq 0 ] || die "must run as root (needs chroot and debootstrap)"
}

check_root_path() {
  case "$FERRY_PG_ROOT" in
    /*) ;;
    *) die "FERRY_PG_ROOT must be an absolute path (got '$FERRY_PG_ROOT')" ;;
  esac
  local canon
  canon=$(realpath -m "$FERRY_PG_ROOT")
  [ "$canon" != "/" ] || die "FERRY_PG_ROOT must not be /"
  case "$FERRY_PG_PORT" in
    ''|*[!0-9]*) die "FERRY_PG_PORT must be a number (got '$FERRY_PG_PORT')" ;;
  esac
}

# Serialise concurrent pg-*.sh runs (e.g. parallel test jobs all calling pg-start.sh).
# The lock is held until the calling script exits.
take_lock() {
  mkdir -p "$FERRY_HOME"
  exec 9>"$PG_LOCK_FILE"
  if ! flock -w 600 9; then
    die "timed out waiting for lock $PG_LOCK_FILE (another pg-*.sh still running?)"
  fi
}

pg_installed() { [ -f "$PG_MARKER" ]; }

# uid/gid of the chroot's postgres user (numeric, so no NSS lookup is needed on the host).
pg_ids() {
  local line
  line=$(grep '^postgres:' "$FERRY_PG_ROOT/etc/passwd") || die "no postgres user in $FERRY_PG_ROOT/etc/passwd"
  echo "$line" | awk -F: '{print $3 ":" $4}'
}

# Run a command inside the chroot as the postgres user, with a clean environment.
in_chroot_pg() {
  chroot --userspec="$(pg_ids)" "$FERRY_PG_ROOT" \
    /usr/bin/env -i HOME=/var/lib/postgresql USER=postgres LOGNAME=postgres \
    PATH="$PG_BIN:/usr/bin:/bin" LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC "$@"
}

# Like in_chroot_pg, but with every file descriptor above 2 closed first. Used to launch the
# server, so that it holds neither our lock (fd 9) nor pipes inherited from whatever ran us
# (a CI runner or IDE waiting for EOF on such a pipe would otherwise hang until the server stops).
in_chroot_pg_detached() {
  (
    for fd in /proc/"$BASHPID"/fd/*; do
      fd=${fd##*/}
      if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    in_chroot_pg "$@"
  )
}

# True if process $1 exists and is not a zombie. (On this kind of VM, PID 1 reaps orphans only
# now and then, so a dead postmaster can linger as a zombie for a while and kill -0 still succeeds.)
pid_alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# PIDs of live postgres processes whose root is our chroot (whatever their data dir).
chroot_postgres_pids() {
  local root p pid
  root=$(realpath "$FERRY_PG_ROOT")
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    [ "$(cat "$p/comm" 2>/dev/null)" = postgres ] || continue
    [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] || continue
    pid_alive "$pid" && echo "$pid"
  done
  return 0
}

# PID of our postmaster if it is running, else fails.
running_pid() {
  local pidfile="$PG_DATA_HOST/postmaster.pid" pid
  [ -f "$pidfile" ] || return 1
  pid=$(head -n1 "$pidfile" 2>/dev/null) || return 1
  case "$pid" in ''|*[!0-9]*) return 1 ;; esac
  pid_alive "$pid" || return 1
  # Make sure the PID really is a postgres process rooted in our chroot (PIDs get reused).
  [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$(realpath "$FERRY_PG_ROOT")" ] || return 1
  echo "$pid"
}

# Port our running postmaster listens on (line 4 of postmaster.pid).
running_port() {
  running_pid >/dev/null || return 1
  sed -n 4p "$PG_DATA_HOST/postmaster.pid"
}

# True if something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Debian mirror to bootstrap from: $FERRY_PG_MIRROR, else the first enabled, non-security
# Debian "deb" source in the host's apt configuration (deb822 *.sources or one-line *.list).
debian_mirror() {
  if [ -n "${FERRY_PG_MIRROR:-}" ]; then echo "${FERRY_PG_MIRROR%/}"; return 0; fi
  local codename files=() f apt_etc="${1:-/etc/apt}"
  codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
  [ -f "$apt_etc/sources.list" ] && files+=("$apt_etc/sources.list")
  for f in "$apt_etc"/sources.list.d/*.list "$apt_etc"/sources.list.d/*.sources; do
    [ -f "$f" ] && files+=("$f")
  done
  [ "${#files[@]}" -gt 0 ] || return 1
  # Prints "URI SUITE" candidates, one per line, in apt's file order.
  local candidates
  candidates=$(awk '
    function flush() {
      if (types ~ /(^|[ \t])deb([ \t]|$)/ && tolower(enabled) != "no")
        { n = split(uris, u, /[ \t]+/); m = split(suites, s, /[ \t]+/)
          for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) if (u[i] != "" && s[j] != "") print u[i], s[j] }
      types = uris = suites = enabled = ""
    }
    FNR == 1 { flush() }
    FILENAME ~ /\.sources$/ {
      if ($0 ~ /^[ \t]*$/) { flush(); next }
      if ($0 ~ /^[ \t]*#/) next
      if (match($0, /^[A-Za-z-]+:/)) {
        key = tolower(substr($0, 1, RLENGTH - 1)); val = substr($0, RLENGTH + 1)
        gsub(/^[ \t]+|[ \t]+$/, "", val)
        if (key == "types") types = val; else if (key == "uris") uris = val
        else if (key == "suites") suites = val; else if (key == "enabled") enabled = val
      }
      next
    }
    {  # one-line format: deb [options] uri suite components...
      sub(/#.*/, "")
      if ($1 != "deb") next
      k = 2
      if ($2 ~ /^\[/) { while (k <= NF && $k !~ /\]$/) k++; k++ }
      if (k + 1 <= NF) print $k, $(k + 1)
    }
    END { flush() }
  ' "${files[@]}")
  # Keep Debian archive suites only (not -security / -updates / third-party repos).
  local uri suite
  while read -r uri suite; do
    [ -n "$uri" ] || continue
    case "$suite" in
      */*|*-security|*-updates|*-backports) continue ;;   # also covers *-proposed-updates
    esac
    case "$suite" in
      "$codename"|stable|testing|unstable|sid|oldstable|bullseye|bookworm|trixie|forky|duke)
        echo "${uri%/}"; return 0 ;;
    esac
  done <<<"$candidates"
  return 1
}
