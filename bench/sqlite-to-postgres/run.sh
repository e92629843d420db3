#!/usr/bin/env bash
# run.sh — SQLite -> PostgreSQL load benchmark: Ferry vs pgloader vs `sqlite3 -csv | psql \copy`.
# A benchmark, not a test: it prints figures and exits 0 whatever they are (non-zero only when it
# cannot run at all, e.g. no PostgreSQL).
#
# Usage: bench/sqlite-to-postgres/run.sh [N]          (N rows, default 1000000)
# Env:
#   BENCH_RUNS=2                        runs per contender (interleaved: a b c, a b c, ...)
#   BENCH_CONTENDERS="psql pgloader ferry"  which ones, in this order
#   BENCH_DATA_DIR=/tmp/ferry-bench     where the generated SQLite file is cached
#   BENCH_TIMEOUT=1200                  seconds before one contender run is killed
#   FERRY_JAVA_OPTS                     passed on to ./ferry (default: scripts/java-opts.sh, as for ./ferry)
#   FERRY_PG_URL/USER/PASSWORD          target server; default: ~/.ferry/pg.env (scripts/pg-start.sh)
# Each run: bench.events is dropped and created empty with its primary key (schema.sql), the
# server is CHECKPOINTed, then the contender is timed wall-clock from start to exit (source file ->
# rows committed), under /usr/bin/time -v for peak RSS, and the table is checked afterwards
# (verify.sql vs source-verify.sql on the SQLite file, and vs the other contenders).
# Writes the table and raw figures to bench/out/ (gitignored); logs in bench/out/logs/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out_dir="$repo/bench/out"
log_dir="$out_dir/logs"
n="${1:-1000000}"
case "$n" in ''|*[!0-9]*) echo "run.sh: N must be a positive integer, got '$n'" >&2; exit 2 ;; esac
runs="${BENCH_RUNS:-2}"
contenders="${BENCH_CONTENDERS:-psql pgloader ferry}"
data_dir="${BENCH_DATA_DIR:-/tmp/ferry-bench}"
timeout_s="${BENCH_TIMEOUT:-1200}"
db="$data_dir/events-$n.db"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out_dir" "$log_dir" "$data_dir"

say() { printf '%s\n' "$*" >&2; }

# ---- tools ------------------------------------------------------------------------------------
apt_updated=false
apt_install() { # package...
  if [ "$(id -u)" != 0 ]; then say "run.sh: need $* (apt-get install -y $*)"; return 1; fi
  $apt_updated || { apt-get update -qq >&2; apt_updated=true; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}
command -v sqlite3 >/dev/null || apt_install sqlite3
command -v psql >/dev/null || apt_install postgresql-client
[ -x /usr/bin/time ] || apt_install time || true
case " $contenders " in *" pgloader "*) command -v pgloader >/dev/null || apt_install pgloader || true ;; esac

# ---- target server ----------------------------------------------------------------------------
pg_env="${FERRY_HOME:-$HOME/.ferry}/pg.env"
# shellcheck disable=SC1090
if [ -z "${FERRY_PG_URL:-}" ] && [ -f "$pg_env" ]; then set -a; . "$pg_env"; set +a; fi
if [ -z "${FERRY_PG_URL:-}" ]; then
  say "run.sh: no FERRY_PG_URL; starting the local server with scripts/pg-start.sh"
  eval "$("$repo/scripts/pg-start.sh")"
  export FERRY_PG_URL FERRY_PG_USER FERRY_PG_PASSWORD
fi
# jdbc:postgresql://HOST:PORT/DB[?...]
hostportdb="${FERRY_PG_URL#jdbc:postgresql://}"; hostportdb="${hostportdb%%\?*}"
pg_db="${hostportdb#*/}"; hostport="${hostportdb%%/*}"
pg_host="${hostport%%:*}"; pg_port="${hostport##*:}"; [ "$pg_port" = "$hostport" ] && pg_port=5432
export PGHOST="$pg_host" PGPORT="$pg_port" PGDATABASE="$pg_db" PGUSER="${FERRY_PG_USER}" PGPASSWORD="${FERRY_PG_PASSWORD}"
if ! psql -X -qAt -c 'select 1' >/dev/null 2>&1; then
  say "run.sh: PostgreSQL at $pg_host:$pg_port not answering; trying scripts/pg-start.sh"
  "$repo/scripts/pg-start.sh" >/dev/null
  psql -X -qAt -c 'select 1' >/dev/null || { say "run.sh: cannot reach PostgreSQL"; exit 1; }
fi

# ---- data -------------------------------------------------------------------------------------
if [ ! -s "$db" ] || [ "$(sqlite3 "$db" 'select count(*) from events' 2>/dev/null || echo x)" != "$n" ]; then
  say "run.sh: generating $n rows into $db"
  "$here/generate.sh" "$n" "$db"
else
  say "run.sh: using cached $db"
fi
source_check="$(sqlite3 "$db" < "$here/source-verify.sql")"

# ---- contenders -------------------------------------------------------------------------------
run_psql() {
  sqlite3 -csv "$db" 'SELECT id, score, label, payload, created_at FROM events' \
    | psql -X -v ON_ERROR_STOP=1 -c '\copy bench.events (id, score, label, payload, created_at) FROM STDIN (FORMAT csv)'
}
run_pgloader() {
  BENCH_SQLITE_PATH="$db" BENCH_PG_USER="$PGUSER" BENCH_PG_HOST="$PGHOST" BENCH_PG_PORT="$PGPORT" \
    BENCH_PG_DB="$PGDATABASE" pgloader "$here/events.load"
}
# Ferry runs with --no-backup: its default backup copies the SQLite source file first, which
# neither pgloader nor psql does.
# ./ferry builds runners/target/ferry.jar when sources changed and then runs
# `java ${FERRY_JAVA_OPTS:-$(scripts/java-opts.sh)} -jar runners/target/ferry.jar "$@"`. The jar is built (untimed)
# and copied once before the runs, and the copy is run the same way, so that a rebuild by someone
# else in this checkout cannot swap the jar mid-run (BENCH_FERRY_SNAPSHOT=0 runs ./ferry itself).
ferry_java_opts="${FERRY_JAVA_OPTS:-$("$repo/scripts/java-opts.sh")}"
export ferry_java_opts
run_ferry() {
  cd "$repo" || return 1
  if [ "${BENCH_FERRY_SNAPSHOT:-1}" = 1 ]; then
    # shellcheck disable=SC2086
    local cds=()
    [ -f "$ferry_jar.jsa" ] && cds=(-XX:SharedArchiveFile="$ferry_jar.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
    # shellcheck disable=SC2086
    java $ferry_java_opts "${cds[@]}" -jar "$ferry_jar" run bench/sqlite-to-postgres/spec.yaml \
      --set "sqlite_path=$db" --run-dir "$ferry_run_dir" --no-backup
  else
    ./ferry run bench/sqlite-to-postgres/spec.yaml --set "sqlite_path=$db" --run-dir "$ferry_run_dir" --no-backup
  fi
}
export -f run_psql run_pgloader run_ferry
ferry_jar="$data_dir/ferry-snapshot.jar"
export db here repo ferry_jar

label_of() { case "$1" in psql) echo 'psql \copy' ;; *) echo "$1" ;; esac; }

# Ferry builds itself on first use: do that before timing anything.
ferry_ok=true
case " $contenders " in *" ferry "*)
  say "run.sh: preparing ./ferry (builds on first use)"
  ferry_ok=false
  for _ in 1 2 3; do   # a concurrent build in this checkout may replace the jar meanwhile
    if (cd "$repo" && ./ferry --help) > "$log_dir/ferry-prepare.log" 2>&1 \
       && cp "$repo/runners/target/ferry.jar" "$ferry_jar.tmp" 2>/dev/null \
       && java -jar "$ferry_jar.tmp" --help >/dev/null 2>&1 && mv -f "$ferry_jar.tmp" "$ferry_jar"; then
      ferry_ok=true; break
    fi
    sleep 10
  done
  $ferry_ok || say "run.sh: could not build/run ./ferry (see $log_dir/ferry-prepare.log); Ferry is skipped"
  if $ferry_ok; then
    # ./ferry keeps a class-data-sharing archive made by its first run after a build; make the
    # snapshot's the same way, untimed, with a run on a small file (the table is reset before
    # every timed run).
    small="$data_dir/events-10000.db"
    [ -f "$small" ] || "$here/generate.sh" 10000 "$small" >&2
    psql -X -q -v ON_ERROR_STOP=1 -f "$here/schema.sql" >/dev/null
    rm -f "$ferry_jar.jsa"
    (cd "$repo" && java $ferry_java_opts -XX:ArchiveClassesAtExit="$ferry_jar.jsa" -Xlog:cds=off \
        -Xlog:cds+dynamic=off -jar "$ferry_jar" run bench/sqlite-to-postgres/spec.yaml \
        --set "sqlite_path=$small" --run-dir "$log_dir/ferry-cds-run" --no-backup) \
      >> "$log_dir/ferry-prepare.log" 2>&1 || say "run.sh: no class-data archive (see $log_dir/ferry-prepare.log)"
  fi ;;
esac

raw="$out_dir/sqlite-to-postgres-$stamp.tsv"
printf 'contender\trun\tseconds\texit\tpeak_rss_kb\tverify\tchecksums\tclient_cpu_s\tloadavg_1m_before\n' > "$raw"

reference=""; reference_of=""
for run in $(seq 1 "$runs"); do
  for c in $contenders; do
    if [ "$c" = ferry ] && ! $ferry_ok; then
      printf '%s\t%s\t\tskipped\t\tnot run (./ferry --help failed)\t\n' "$c" "$run" >> "$raw"; continue
    fi
    say "run.sh: run $run/$runs: $(label_of "$c") ..."
    psql -X -q -v ON_ERROR_STOP=1 -f "$here/schema.sql" >/dev/null
    psql -X -q -c 'CHECKPOINT' >/dev/null
    log="$log_dir/$c-$run.log"; tv="$log_dir/$c-$run.time"; rm -f "$tv"
    export ferry_run_dir="$log_dir/ferry-run-$run"; rm -rf "$ferry_run_dir"
    load1="$(cut -d' ' -f1 /proc/loadavg)"
    t0=$(date +%s.%N)
    set +e
    if [ -x /usr/bin/time ]; then
      timeout "$timeout_s" /usr/bin/time -v -o "$tv" bash -c "set -o pipefail; run_$c" > "$log" 2>&1
    else
      timeout "$timeout_s" bash -c "set -o pipefail; run_$c" > "$log" 2>&1
    fi
    rc=$?
    set -e
    t1=$(date +%s.%N)
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    rss=""; cpu=""
    if [ -f "$tv" ]; then
      rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tv")
      cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.1f", s }' "$tv")
    fi
    line="$(psql -X -At -f "$here/verify.sql" 2>/dev/null || echo 'verify query failed')"
    src_part="$(printf '%s' "$line" | cut -d'|' -f1-9)"
    if [ "$src_part" != "$source_check" ]; then
      got_rows="$(printf '%s' "$line" | cut -d'|' -f1)"
      verdict="MISMATCH vs source (rows ${got_rows:-?} of $n)"
    elif [ -z "$reference" ]; then
      reference="$line"; reference_of="$(label_of "$c") run $run"; verdict="OK"
    elif [ "$line" = "$reference" ]; then
      verdict="OK"
    else
      verdict="MISMATCH: row checksums differ from $reference_of"
    fi
    [ "$rc" = 0 ] || verdict="exit $rc; $verdict"
    say "run.sh:   $secs s, exit $rc, client CPU ${cpu:-?} s, peak RSS ${rss:-?} kB, load before $load1, $verdict"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$run" "$secs" "$rc" "$rss" "$verdict" "$line" "$cpu" "$load1" >> "$raw"
  done
done

# ---- report -----------------------------------------------------------------------------------
ver_pgloader="$( (pgloader --version 2>/dev/null || true) | sed -n '1{s/pgloader version //; s/"//g; p}')"
report="$out_dir/sqlite-to-postgres-$stamp.txt"
{
  echo "SQLite -> PostgreSQL: $n rows of events(id, score, label, payload JSON -> jsonb, created_at -> timestamp)"
  echo "date $stamp; $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo);" \
       "server $(psql -X -At -c 'show server_version' 2>/dev/null);" \
       "pgloader $ver_pgloader; $(psql --version | head -1); sqlite3 $(sqlite3 --version | cut -d' ' -f1);" \
       "ferry $(cd "$repo" && git rev-parse --short HEAD 2>/dev/null)$(cd "$repo" && git diff --quiet HEAD -- 2>/dev/null || echo '+dirty')"
  echo "source file: $db ($(du -h "$db" | cut -f1)); runs per contender: $runs; time = wall clock, source file -> rows committed"
  echo
  awk -F'\t' -v n="$n" -v contenders="$contenders" '
    NR == 1 { next }
    {
      c = $1
      if ($4 == "0" && $6 == "OK") { ok[c] = 1; if (!(c in best) || $3 + 0 < best[c]) { best[c] = $3 + 0; bcpu[c] = $8 } }
      loads = loads (loads == "" ? "" : ", ") c "#" $2 " " $9
      t = ($3 == "" ? "-" : $3 ($4 == "0" ? "" : "(x)"))
      all[c] = (nrun[c]++ ? all[c] ", " t : t)
      if ($5 != "" && (!(c in rss) || $5 + 0 > rss[c])) rss[c] = $5 + 0
      nv[c]++; if ($6 == "OK") okv[c]++; else bad[c] = (c in bad ? bad[c] "; " : "") "run " $2 ": " $6
    }
    END {
      fmt = "%-12s %9s  %-20s %10s  %11s  %13s  %9s  %10s  %s\n"
      printf fmt, "contender", "best s", "runs s", "rows/s", "vs pgloader", "vs psql \\copy", "peak RSS", "client CPU", "verification"
      k = split(contenders, order, " ")
      for (i = 1; i <= k; i++) {
        c = order[i]; name = (c == "psql" ? "psql \\copy" : c)
        if (c in best) {
          rps = sprintf("%.0f", n / best[c])
          vp = ("pgloader" in best) ? sprintf("%.2fx", best["pgloader"] / best[c]) : "-"
          vq = ("psql" in best) ? sprintf("%.2fx", best["psql"] / best[c]) : "-"
          b = sprintf("%.2f", best[c])
        } else { rps = "-"; vp = "-"; vq = "-"; b = "failed" }
        r = (c in rss) ? sprintf("%.0f MB", rss[c] / 1024) : "-"
        ver = sprintf("%s %d/%d runs", (okv[c] == nv[c] ? "OK" : "FAILED"), okv[c] + 0, nv[c]) (c in bad ? " (" bad[c] ")" : "")
        cp = (c in bcpu && bcpu[c] != "") ? bcpu[c] " s" : "-"
        printf fmt, name, b, all[c], rps, vp, vq, r, cp, ver
      }
      print ""
      print "ratios: this row'"'"'s rows/s over that contender'"'"'s (best runs); (x) = run failed; client CPU = user+sys"
      print "of the client processes in the best run (server CPU not included); peak RSS = largest client process."
      print "1-min load average before each run (other work on this machine adds noise): " loads
      print "targets (bench/README.md): ferry >= 1.5x pgloader and >= 0.7x psql \\copy"
    }' "$raw"
  echo
  echo "verification: each run's table vs source-verify.sql on the SQLite file (count, sums, JSON"
  echo "keys, time range) and, for all verify.sql columns incl. a hash of every row, vs ${reference_of:-(none)}."
  echo "checksums (verify.sql) per run:"
  awk -F'\t' 'NR > 1 { printf "  %-9s run %s: %s\n", $1, $2, $7 }' "$raw"
  echo "  source (source-verify.sql, first 9 fields): $source_check"
} > "$report"
cp "$report" "$out_dir/sqlite-to-postgres-latest.txt"
cat "$report"
say "run.sh: wrote $report and $raw"
