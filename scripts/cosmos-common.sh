# cosmos-common.sh — shared settings for the Cosmos DB test server scripts (sourced, not run).
# The server is the npm package @vercel/cosmosdb-server (pinned below), installed under
# $FERRY_HOME/cosmos-server, behind Ferry's own compatibility layer (scripts/cosmos/layer.js).
FERRY_HOME="${FERRY_HOME:-$HOME/.ferry}"
COSMOS_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
COSMOS_SERVER_VERSION="1.0.1"
COSMOS_PREFIX="$FERRY_HOME/cosmos-server"
COSMOS_PORT="${FERRY_COSMOS_PORT:-48081}"
COSMOS_PID_FILE="$FERRY_HOME/cosmos.pid"
COSMOS_LOG="$FERRY_HOME/cosmos.log"
COSMOS_ENV_FILE="$FERRY_HOME/cosmos.env"
COSMOS_LOCK="$FERRY_HOME/cosmos.lock"
# Any base64 key is accepted by the test server; this one only signs local test requests.
COSMOS_KEY="ZmVycnktbG9jYWwtY29zbW9zLXRlc3Qta2V5LW5vdC1hLXNlY3JldA=="

cosmos_log() { printf 'cosmos: %s\n' "$*" >&2; }
cosmos_die() { printf 'cosmos: error: %s\n' "$*" >&2; exit 1; }

cosmos_installed() {
  [ -f "$COSMOS_PREFIX/node_modules/@vercel/cosmosdb-server/package.json" ] &&
    grep -q "\"version\": \"$COSMOS_SERVER_VERSION\"" "$COSMOS_PREFIX/node_modules/@vercel/cosmosdb-server/package.json"
}

cosmos_running_pid() {
  [ -f "$COSMOS_PID_FILE" ] || return 1
  local pid
  pid=$(cat "$COSMOS_PID_FILE")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q 'layer.js' "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

cosmos_answers() {
  node -e '
    const req = require("https").get({host: "127.0.0.1", port: process.argv[1], path: "/", rejectUnauthorized: false,
      headers: {"x-ms-version": "2018-12-31"}}, r => process.exit(r.statusCode === 200 ? 0 : 1));
    req.on("error", () => process.exit(1));
    req.setTimeout(2000, () => process.exit(1));' "$COSMOS_PORT"
}
