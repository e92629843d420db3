#!/usr/bin/env bash
# pg-start.sh — starts the PostgreSQL 17 + pgvector test server for Ferry (installing it first if needed).
# Idempotent: installs the chroot if missing, initdb's if there is no data dir, starts the server if it
# is not running, and makes sure database "ferry", superuser role "ferry" (password "ferry") and
# extension "vector" exist. Listens on 127.0.0.1:${FERRY_PG_PORT:-55432} only.
#
# Usage: scripts/pg-start.sh [--reset]
#   --reset   stop the server and delete its data directory first (fresh, empty cluster)
# Prints FERRY_PG_URL / FERRY_PG_USER / FERRY_PG_PASSWORD lines on stdout (all other messages go to
# stderr) and writes them to ${FERRY_HOME:-$HOME/.ferry}/pg.env, so either of these works:
#   eval "$(scripts/pg-start.sh)"            # sets the three variables in the current shell
#   set -a; . ~/.ferry/pg.env; set +a        # exports them
# Env: FERRY_PG_PORT, FERRY_HOME, FERRY_PG_ROOT, FERRY_PG_START_TIMEOUT (seconds, default 60).
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=pg-common.sh
. "$SCRIPT_DIR/pg-common.sh"

reset=false
for arg in "$@"; do
  case "$arg" in
    --reset) reset=true ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$arg' (usage: pg-start.sh [--reset])" ;;
  esac
done

require_root
check_root_path
timeout_s="${FERRY_PG_START_TIMEOUT:-60}"

pg_installed || "$SCRIPT_DIR/pg-install.sh"   # takes the lock itself, so call it before we do
take_lock

show_log_tail() {
  if [ -f "$PG_LOG_HOST" ]; then
    printf -- '----- last lines of %s -----\n' "$PG_LOG_HOST" >&2
    tail -n 30 "$PG_LOG_HOST" >&2
    printf -- '-----\n' >&2
  fi
}

stop_server() {
  # fd 9 holds our lock: never hand it to the server processes.
  in_chroot_pg pg_ctl -D "$PG_DATA_IN" -m fast -w -t "$timeout_s" stop >/dev/null 9>&- \
    || die "could not stop the running server"
}

if $reset; then
  if running_pid >/dev/null; then log "--reset: stopping the server"; stop_server; fi
  log "--reset: deleting data directory $PG_DATA_HOST"
  rm -rf --one-file-system -- "$PG_DATA_HOST"
fi

# ---- data directory -------------------------------------------------------------------------
ids=$(pg_ids)
mkdir -p "$FERRY_PG_ROOT$PG_BASE_IN" "$PG_SOCK_HOST"
chown "$ids" "$FERRY_PG_ROOT$PG_BASE_IN" "$PG_SOCK_HOST"
chmod 0700 "$PG_SOCK_HOST"   # the socket uses trust auth: keep it private to postgres (and root)

if [ ! -f "$PG_DATA_HOST/PG_VERSION" ]; then
  rm -rf --one-file-system -- "$PG_DATA_HOST"   # leftover of an interrupted initdb, if any
  log "initdb $PG_DATA_HOST"
  if ! in_chroot_pg initdb -D "$PG_DATA_IN" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
         --auth-local=trust --auth-host=scram-sha-256 --no-instructions >"$FERRY_HOME/pg-initdb.log" 2>&1; then
    cat "$FERRY_HOME/pg-initdb.log" >&2
    rm -rf --one-file-system -- "$PG_DATA_HOST"
    die "initdb failed"
  fi
  echo "include_if_exists = 'ferry.conf'   # written by scripts/pg-start.sh" >>"$PG_DATA_HOST/postgresql.conf"
fi

# Settings live in ferry.conf, rewritten on every run so script changes take effect.
# It is a throw-away test server: durability is traded for bulk-load speed.
conf_tmp="$PG_DATA_HOST/ferry.conf.tmp"
cat >"$conf_tmp" <<CONF
# Written by scripts/pg-start.sh on every run: edit the script, not this file.
listen_addresses = '127.0.0.1'
port = $FERRY_PG_PORT
unix_socket_directories = '$PG_SOCK_IN'
unix_socket_permissions = 0700
# The chroot has no tmpfs on /dev/shm: use files in the data dir for dynamic shared memory.
dynamic_shared_memory_type = mmap
huge_pages = off
max_connections = 100
shared_buffers = 512MB
maintenance_work_mem = 512MB
work_mem = 16MB
max_wal_size = 4GB
checkpoint_timeout = 30min
fsync = off
synchronous_commit = off
full_page_writes = off
timezone = 'UTC'
log_timezone = 'UTC'
CONF
chown "$ids" "$conf_tmp"
conf_changed=true
cmp -s "$conf_tmp" "$PG_DATA_HOST/ferry.conf" && conf_changed=false
mv -f "$conf_tmp" "$PG_DATA_HOST/ferry.conf"

# ---- server ---------------------------------------------------------------------------------
ensure_port_free() {
  if port_in_use "$FERRY_PG_PORT"; then
    log "port $FERRY_PG_PORT on 127.0.0.1 is held by another process:"
    ss -ltnp "sport = :$FERRY_PG_PORT" >&2 2>/dev/null || true
    local holder
    for holder in $(ss -ltnpH "sport = :$FERRY_PG_PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
      if [ "$(readlink "/proc/$holder/root" 2>/dev/null)" = "$(realpath "$FERRY_PG_ROOT")" ]; then
        die "an orphaned PostgreSQL from $FERRY_PG_ROOT (pid $holder), probably left running when its data dir was deleted, holds port $FERRY_PG_PORT; stop it with: kill -INT $holder"
      fi
    done
    die "port $FERRY_PG_PORT is in use by something that is not Ferry's PostgreSQL; stop it or set FERRY_PG_PORT"
  fi
}

start_server() {
  # After a crash (postmaster killed), its children exit on their own within a moment; they must be
  # gone before a new postmaster can take over the data dir.
  local orphans waited=0
  orphans=$(chroot_postgres_pids)
  while [ -n "$orphans" ] && [ "$waited" -lt 20 ]; do
    sleep 0.5; waited=$((waited + 1)); orphans=$(chroot_postgres_pids)
  done
  if [ -n "$orphans" ]; then
    orphans=$(echo "$orphans" | tr '\n' ' ')   # one line
    die "PostgreSQL processes from $FERRY_PG_ROOT are still running without a live postmaster for $PG_DATA_HOST (pids: ${orphans% }); stop them first, e.g. kill -INT ${orphans% }"
  fi
  # No postgres of ours is running now, so lock files left by a dead server are stale. postgres
  # clears them itself when the PID in them is gone, but not when that PID is a zombie (PID 1 on
  # this VM reaps late) or has been reused by another process.
  local pidfile="$PG_DATA_HOST/postmaster.pid" pid
  if [ -f "$pidfile" ]; then
    pid=$(head -n1 "$pidfile" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      log "removing stale $pidfile (pid $pid is not a running postgres of ours)"
      rm -f "$pidfile"
    fi
  fi
  rm -f "$PG_SOCK_HOST"/.s.PGSQL.*   # our private socket dir: stale sockets and socket lock files
  ensure_port_free
  # Keep the log from growing forever.
  if [ -f "$PG_LOG_HOST" ] && [ "$(stat -c %s "$PG_LOG_HOST")" -gt $((50 * 1024 * 1024)) ]; then
    mv -f "$PG_LOG_HOST" "$PG_LOG_HOST.old"
  fi
  log "starting PostgreSQL $PG_MAJOR on 127.0.0.1:$FERRY_PG_PORT (log: $PG_LOG_HOST)"
  if ! in_chroot_pg_detached pg_ctl -D "$PG_DATA_IN" -l "$PG_LOG_IN" -w -t "$timeout_s" start >/dev/null; then
    show_log_tail
    die "PostgreSQL failed to start within ${timeout_s}s"
  fi
}

if pid=$(running_pid); then
  cur_port=$(running_port)
  if [ "$cur_port" != "$FERRY_PG_PORT" ]; then
    ensure_port_free
    log "server (pid $pid) is running on port $cur_port; restarting it on port $FERRY_PG_PORT"
    stop_server
    start_server
  else
    log "PostgreSQL already running (pid $pid, port $FERRY_PG_PORT)"
    if $conf_changed; then
      log "settings changed: reloading (settings such as shared_buffers need pg-stop.sh + pg-start.sh)"
      in_chroot_pg pg_ctl -D "$PG_DATA_IN" reload >/dev/null 9>&-
    fi
  fi
else
  start_server
fi

# Wait until it accepts TCP connections (pg_ctl -w only checks the postmaster's own status).
deadline=$(( $(date +%s) + timeout_s ))
until in_chroot_pg pg_isready -q -h 127.0.0.1 -p "$FERRY_PG_PORT" -d postgres; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    show_log_tail
    die "PostgreSQL is not accepting connections on 127.0.0.1:$FERRY_PG_PORT after ${timeout_s}s"
  fi
  sleep 0.5
done

# ---- role, database, extension --------------------------------------------------------------
admin_psql() {
  in_chroot_pg psql -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK_IN" -p "$FERRY_PG_PORT" -U postgres "$@" 9>&-
}
if ! admin_psql -d postgres >/dev/null <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$FERRY_PG_USER') THEN
    CREATE ROLE $FERRY_PG_USER LOGIN SUPERUSER PASSWORD '$FERRY_PG_PASSWORD';
  ELSE
    ALTER ROLE $FERRY_PG_USER LOGIN SUPERUSER PASSWORD '$FERRY_PG_PASSWORD';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $FERRY_PG_DB OWNER $FERRY_PG_USER'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$FERRY_PG_DB') \gexec
SQL
then
  show_log_tail
  die "could not create role/database '$FERRY_PG_USER'/'$FERRY_PG_DB'"
fi
admin_psql -d "$FERRY_PG_DB" -c 'CREATE EXTENSION IF NOT EXISTS vector' >/dev/null 2>&1 \
  || die "could not create extension vector in database $FERRY_PG_DB"

# Check the way clients will connect: TCP + password.
vector_version=$(in_chroot_pg env PGPASSWORD="$FERRY_PG_PASSWORD" psql -X -At -h 127.0.0.1 -p "$FERRY_PG_PORT" \
    -U "$FERRY_PG_USER" -d "$FERRY_PG_DB" -c "SELECT extversion FROM pg_extension WHERE extname = 'vector'" 9>&-) \
  || die "password login as '$FERRY_PG_USER' over TCP failed"
log "ready: PostgreSQL $PG_MAJOR with pgvector $vector_version on 127.0.0.1:$FERRY_PG_PORT"

# ---- connection details ---------------------------------------------------------------------
env_lines="FERRY_PG_URL=jdbc:postgresql://127.0.0.1:$FERRY_PG_PORT/$FERRY_PG_DB
FERRY_PG_USER=$FERRY_PG_USER
FERRY_PG_PASSWORD=$FERRY_PG_PASSWORD"
printf '%s\n' "$env_lines" >"$PG_ENV_FILE.tmp"
mv -f "$PG_ENV_FILE.tmp" "$PG_ENV_FILE"
printf '%s\n' "$env_lines"
