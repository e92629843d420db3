#!/usr/bin/env bash
# generate.sh — writes a deterministic SQLite benchmark database with one table:
#   events(id INTEGER PRIMARY KEY, score REAL, label TEXT, payload TEXT /* JSON */,
#          created_at TEXT /* 'YYYY-MM-DD HH:MM:SS.ffffff' */)
# Usage: generate.sh [N] [OUT.db]     (defaults: 1000000 rows, /tmp/ferry-bench/events.db)
# The same N always gives the same bytes of data (no random(): values derive from the row id
# through integer hashing), so every contender and every run loads identical rows.
# Realistic variety: ~1% NULL scores, ~2% NULL labels, labels 0..~70 chars with commas, quotes,
# non-ASCII and (rarely) newlines; JSON objects of ~100-200 bytes with a nested object and an
# array of varying length (~10% of them have no "user" key); timestamps over ~3 years with
# microseconds.
set -euo pipefail
n="${1:-1000000}"
out="${2:-/tmp/ferry-bench/events.db}"
case "$n" in ''|*[!0-9]*) echo "generate.sh: N must be a positive integer, got '$n'" >&2; exit 2 ;; esac
command -v sqlite3 >/dev/null || { echo "generate.sh: sqlite3 CLI not found (apt-get install -y sqlite3)" >&2; exit 2; }
mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
rm -f "$tmp"
trap 'rm -f "$tmp"' EXIT

sqlite3 "$tmp" >/dev/null <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
CREATE TABLE events (
  id         INTEGER PRIMARY KEY,
  score      REAL,
  label      TEXT,
  payload    TEXT,   -- JSON
  created_at TEXT    -- 'YYYY-MM-DD HH:MM:SS.ffffff'
);
WITH RECURSIVE
  seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $n),
  -- four well-mixed 32-bit hashes per row: the murmur3/"lowbias" finalizer
  -- (x ^= x >> 16; x *= 0x45d9f3b; x ^= x >> 16; x *= 0x45d9f3b; x ^= x >> 16) on four salted
  -- copies of the id; SQLite has no XOR, so x ^ y is written (x | y) - (x & y).
  m0(i, a, b, c, d) AS MATERIALIZED (
    SELECT i, ((i | (i >> 16)) - (i & (i >> 16))),
           (((i + 1640531527) | ((i + 1640531527) >> 16)) - ((i + 1640531527) & ((i + 1640531527) >> 16))),
           (((i + 3141592653) | ((i + 3141592653) >> 16)) - ((i + 3141592653) & ((i + 3141592653) >> 16))),
           (((i + 2718281828) | ((i + 2718281828) >> 16)) - ((i + 2718281828) & ((i + 2718281828) >> 16)))
    FROM seq),
  m1(i, a, b, c, d) AS MATERIALIZED (
    SELECT i, (a * 73244475) % 4294967296, (b * 73244475) % 4294967296,
              (c * 73244475) % 4294967296, (d * 73244475) % 4294967296 FROM m0),
  m2(i, a, b, c, d) AS MATERIALIZED (
    SELECT i, (((a | (a >> 16)) - (a & (a >> 16))) * 73244475) % 4294967296,
              (((b | (b >> 16)) - (b & (b >> 16))) * 73244475) % 4294967296,
              (((c | (c >> 16)) - (c & (c >> 16))) * 73244475) % 4294967296,
              (((d | (d >> 16)) - (d & (d >> 16))) * 73244475) % 4294967296 FROM m1),
  h(i, a, b, c, d) AS MATERIALIZED (
    SELECT i, (a | (a >> 16)) - (a & (a >> 16)), (b | (b >> 16)) - (b & (b >> 16)),
              (c | (c >> 16)) - (c & (c >> 16)), (d | (d >> 16)) - (d & (d >> 16)) FROM m2)
INSERT INTO events (id, score, label, payload, created_at)
SELECT
  i,
  CASE WHEN a % 100 = 0 THEN NULL ELSE ((b % 2000001) - 1000000) / 1000.0 END,
  CASE
    WHEN c % 50 = 0 THEN NULL
    WHEN c % 97 = 0 THEN ''
    WHEN c % 211 = 0 THEN 'multi-line' || char(10) || 'label #' || i
    ELSE substr('Order shipped, "express" to Zürich — café naïve ✓ ; priority: high / low; retry, backoff and jitter',
                1 + (c >> 4) % 40, 1 + (d >> 3) % 60)
  END,
  json_object(
    'event', CASE d % 5 WHEN 0 THEN 'click' WHEN 1 THEN 'view' WHEN 2 THEN 'purchase' WHEN 3 THEN 'signup' ELSE 'logout' END,
    'user', CASE WHEN d % 10 = 7 THEN NULL ELSE json_object(
              'id', a % 100000,
              'name', 'user_' || (a % 100000),
              'tier', CASE b % 3 WHEN 0 THEN 'free' WHEN 1 THEN 'pro' ELSE 'enterprise' END,
              'verified', json(CASE WHEN c % 2 = 0 THEN 'true' ELSE 'false' END)) END,
    'tags', json(CASE d % 4
              WHEN 0 THEN '[]'
              WHEN 1 THEN json_array('t' || (a % 17))
              WHEN 2 THEN json_array('t' || (a % 17), 't' || (b % 23), 'x')
              ELSE json_array('t' || (a % 17), 't' || (b % 23), 't' || (c % 29), 'beta', 'mobile') END),
    'session', printf('%08x-%04x', a, b % 65536),
    'amount', (d % 100000) / 100.0,
    'ok', json(CASE WHEN b % 7 = 0 THEN 'false' ELSE 'true' END)
  ),
  strftime('%Y-%m-%d %H:%M:%S', 1577836800 + (a % 94608000), 'unixepoch') || '.' || printf('%06d', b % 1000000)
FROM h;
SQL
# drop the "user": null members (keys without a user, rather than a JSON null)
sqlite3 "$tmp" "UPDATE events SET payload = json_remove(payload, '\$.user') WHERE json_type(payload, '\$.user') = 'null'; VACUUM;"
mv -f "$tmp" "$out"
trap - EXIT
echo "generate.sh: wrote $n rows to $out ($(du -h "$out" | cut -f1))" >&2
