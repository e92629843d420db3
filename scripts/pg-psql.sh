#!/usr/bin/env bash
# pg-psql.sh — runs psql against Ferry's PostgreSQL test server as user "ferry", database "ferry"
# (TCP 127.0.0.1, password auth). All arguments are passed to psql; later options override ours,
# e.g. -d otherdb or -U postgres-style flags. Does not start the server: run pg-start.sh first.
#
# Usage: scripts/pg-psql.sh [psql args...]
#   scripts/pg-psql.sh -c "SELECT extversion FROM pg_extension WHERE extname = 'vector'"
#   scripts/pg-psql.sh -f schema.sql        echo 'SELECT 1' | scripts/pg-psql.sh
# Env: FERRY_PG_PORT (else taken from ${FERRY_HOME:-$HOME/.ferry}/pg.env, else 55432);
#      FERRY_PSQL=host|chroot picks the client: default is the host's psql if there is one (file
#      paths then work as usual), else the chroot's psql 17 (root only; it sees the chroot's files,
#      so feed scripts through stdin rather than -f).
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_port_from_env="${FERRY_PG_PORT:-}"
# shellcheck source=pg-common.sh
. "$SCRIPT_DIR/pg-common.sh"

port="$_port_from_env"
if [ -z "$port" ] && [ -f "$PG_ENV_FILE" ]; then
  port=$(sed -n 's|^FERRY_PG_URL=jdbc:postgresql://[^:/]*:\([0-9]*\)/.*|\1|p' "$PG_ENV_FILE" | head -n1)
fi
port="${port:-55432}"

if ! port_in_use "$port"; then
  die "nothing is listening on 127.0.0.1:$port; start the server with $SCRIPT_DIR/pg-start.sh"
fi

client="${FERRY_PSQL:-}"
if [ -z "$client" ]; then
  if command -v psql >/dev/null 2>&1; then client=host; else client=chroot; fi
fi

case "$client" in
  host)
    command -v psql >/dev/null 2>&1 || die "no psql on the host; use FERRY_PSQL=chroot"
    PGHOST=127.0.0.1 PGPORT="$port" PGUSER="$FERRY_PG_USER" PGPASSWORD="$FERRY_PG_PASSWORD" \
      PGDATABASE="$FERRY_PG_DB" exec psql "$@"
    ;;
  chroot)
    require_root
    pg_installed || die "PostgreSQL chroot not installed at $FERRY_PG_ROOT; run $SCRIPT_DIR/pg-start.sh"
    exec chroot --userspec="$(pg_ids)" "$FERRY_PG_ROOT" /usr/bin/env -i \
      HOME=/var/lib/postgresql PATH="$PG_BIN:/usr/bin:/bin" LANG=C.UTF-8 TERM="${TERM:-dumb}" \
      PAGER="${PAGER:-cat}" PGHOST=127.0.0.1 PGPORT="$port" PGUSER="$FERRY_PG_USER" \
      PGPASSWORD="$FERRY_PG_PASSWORD" PGDATABASE="$FERRY_PG_DB" psql "$@"
    ;;
  *) die "FERRY_PSQL must be 'host' or 'chroot' (got '$client')" ;;
esac
