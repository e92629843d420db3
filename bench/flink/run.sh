#!/usr/bin/env bash
# bench/flink/run.sh — the S2 flows on a generated ~1M-row SQLite source (3 tables of N rows,
# default N=333,334), side by side in one run: DirectRunner, flink-local (embedded mini-cluster),
# and a real standalone Flink session cluster (scripts/flink-start.sh, 2 slots, with Ferry's jar on
# its class path) at parallelism 1 and 2, plus parallelism 2 shipping the jar with the job as a
# cluster without Ferry needs — once into JSON Lines files and once into PostgreSQL. Prints
# figures; not a test.
#
#   bench/flink/run.sh                 # N=333334 per table, 1 run each
#   bench/flink/run.sh 100000          # smaller
#   BENCH_RUNS=2 BENCH_TARGETS=jsonl BENCH_CONTENDERS="flink-p1 flink-p2" bench/flink/run.sh
#   BENCH_SHAPE=one bench/flink/run.sh   # one flow (analyses) of N=1,000,000 rows, JSON Lines only
#
# Output: bench/out/flink-<time>.txt (and flink-latest.txt); logs in bench/out/logs/flink/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
shape="${BENCH_SHAPE:-three}"
case "$shape" in
  three) n="${1:-333334}" ;;
  one) n="${1:-1000000}" ;;
  *) echo "BENCH_SHAPE must be three or one, was '$shape'" >&2; exit 2 ;;
esac
runs="${BENCH_RUNS:-1}"
contenders="${BENCH_CONTENDERS:-direct flink-local flink-p1 flink-p2 flink-ship-p2}"
targets="${BENCH_TARGETS:-jsonl pg}"
[ "$shape" = one ] && targets=jsonl
data_dir="${BENCH_DATA_DIR:-/tmp/ferry-bench-flink}"
out_dir="$here/bench/out"
logs="$out_dir/logs/flink"
stamp="$(date +%Y%m%d-%H%M%S)"
mkdir -p "$data_dir" "$logs"

# The local PostgreSQL and its connection.
[ -f "${FERRY_HOME:-$HOME/.ferry}/pg.env" ] || scripts/pg-start.sh >/dev/null
set -a
# shellcheck disable=SC1091
. "${FERRY_HOME:-$HOME/.ferry}/pg.env"
set +a

# A snapshot of the jar, so a rebuild in this checkout cannot swap it mid-run.
./ferry --help >/dev/null
jar="$data_dir/ferry-snapshot.jar"
cp runners/target/ferry.jar "$jar"

db="$data_dir/s2-$n.db"
if [ ! -f "$db" ]; then
  echo "generating $db ($n rows per table) ..." >&2
  java -jar "$jar" sample s2 "$db" --rows "$n" >&2
fi

cluster="$data_dir/cluster"
master="$(scripts/flink-start.sh --dir "$cluster" --slots 2 --jm-memory 1g --tm-memory 3g --ferry-jar "$jar" | tail -n 1)"
trap 'scripts/flink-stop.sh --dir "$cluster"' EXIT

rest() { # PATH -> body, from the cluster's REST API
  java_free_get "$1"
}
java_free_get() {
  local port="${master##*:}" response
  response="$( (exec 3<>"/dev/tcp/127.0.0.1/$port" &&
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$1" >&3 && cat <&3) 2>/dev/null)"
  printf '%s' "${response#*$'\r\n\r\n'}"
}

runner_args() { # CONTENDER -> ferry options
  case "$1" in
    direct) echo "--runner direct" ;;
    flink-local) echo "--runner flink-local --parallelism 2" ;;
    flink-p1) echo "--runner flink --flink-master $master --parallelism 1 --flink-jar-on-cluster" ;;
    flink-p2) echo "--runner flink --flink-master $master --parallelism 2 --flink-jar-on-cluster" ;;
    flink-ship-p2) echo "--runner flink --flink-master $master --parallelism 2 --flink-jar $jar" ;;
    *) echo "unknown contender $1" >&2; exit 2 ;;
  esac
}

tsv="$out_dir/flink-$stamp.tsv"
printf 'target\tcontender\trun\twall_s\tjob_s\trecords_per_s\tverdict\twritten\tcheck\n' > "$tsv"
declare -A reference
if [ "$shape" = one ]; then total=$n; flows="analyses"; else total=$((3 * n)); flows="items analyses embeddings"; fi

for target in $targets; do
  for run in $(seq 1 "$runs"); do
    for c in $contenders; do
      rd="$logs/$target-$c-$run"
      rm -rf "$rd"
      if [ "$target" = jsonl ]; then
        out="$data_dir/jsonl-out"
        rm -rf "$out"
        if [ "$shape" = one ]; then
          spec=(bench/flink/spec-jsonl-one.yaml --set "out_dir=$out")
        else
          spec=(bench/flink/spec-jsonl.yaml --set "out_dir=$out")
        fi
      else
        scripts/pg-psql.sh -q -c "DROP SCHEMA IF EXISTS bench_flink CASCADE; CREATE SCHEMA bench_flink; CHECKPOINT" >/dev/null
        spec=(examples/s2-collections/spec.yaml --set schema=bench_flink)
      fi
      # shellcheck disable=SC2046
      args=(run "${spec[@]}" --set user_id=bench --set "sqlite_path=$db" --run-dir "$rd" --no-backup $(runner_args "$c"))
      # The options ./ferry would pick for this command (the cluster's client compiles with C1).
      java_opts="${FERRY_JAVA_OPTS:-$(scripts/java-opts.sh "${args[@]}")}"
      echo "[$target $c run $run] java $java_opts -jar $jar ${args[*]}" >&2
      load="$(cut -d' ' -f1 /proc/loadavg)"
      t0="$(date +%s.%N)"
      # shellcheck disable=SC2086
      java $java_opts -jar "$jar" "${args[@]}" > "$logs/$target-$c-$run.out" 2> "$logs/$target-$c-$run.err" || true
      t1="$(date +%s.%N)"
      wall="$(echo "$t1 - $t0" | bc -l)"
      verdict="$(sed -n 's/^verdict: //p' "$logs/$target-$c-$run.out")"
      written="$({ grep -o '"written" : [0-9]*' "$rd/report.json" 2>/dev/null || true; } | awk '{s+=$3} END {print s+0}')"
      job_s="-"
      job="$(grep -o 'flink: job [0-9a-f]* submitted' "$logs/$target-$c-$run.err" | awk '{print $3}' || true)"
      if [ -n "$job" ] && [ "$c" != flink-local ]; then
        ms="$(rest "/jobs/$job" | grep -o '"duration":[0-9]*' | head -n 1 | cut -d: -f2)"
        job_s="$(echo "scale=1; $ms / 1000" | bc -l)"
      elif [ -n "$job" ]; then
        job_s="$(sed -n 's/.*FINISHED after \([0-9.]*\) s.*/\1/p' "$logs/$target-$c-$run.err")"
      fi
      # Same output on every runner: JSONL files (order-free hash), or PostgreSQL rows.
      if [ "$target" = jsonl ]; then
        check="$(for f in $flows; do { LC_ALL=C sort "$out/$f.jsonl" 2>/dev/null || echo missing; } | md5sum | cut -c1-8; done | tr '\n' '-')"
      else
        check="$(scripts/pg-psql.sh -At 2>/dev/null -c "SELECT (SELECT count(*) FROM bench_flink.items) || '/' || (SELECT count(*) FROM bench_flink.analyses) || '/' || (SELECT count(*) FROM bench_flink.embeddings) || '-' || (SELECT sum(hashtextextended(t::text, 0) % 1000003) FROM bench_flink.analyses t)")"
      fi
      [ -z "${reference[$target]:-}" ] && reference[$target]="$check"
      [ "$check" = "${reference[$target]}" ] && same=same || same="DIFFERS"
      rps="$(echo "scale=0; $total / $wall" | bc -l)"
      printf '%s\t%s\t%s\t%.1f\t%s\t%s\t%s\t%s\t%s (%s) load %s\n' "$target" "$c" "$run" "$wall" "$job_s" "$rps" "$verdict" "$written" "$same" "$check" "$load" >> "$tsv"
      tail -n 1 "$tsv" >&2
    done
  done
done

{
  echo "bench/flink: S2 flows ($flows), $total source records ($n per table), $(nproc) cores, $(date -u +%FT%TZ)"
  echo "cluster: 1 JobManager (1g) + 1 TaskManager (3g, 2 slots) on 127.0.0.1, Ferry's jar on its class"
  echo "path; flink-p1/p2 ship no jar, flink-ship-p2 ships the 200 MB jar. wall = whole ferry command"
  echo "(JVM start, planning, submission, job, verification, report); job = the cluster's own job"
  echo "duration (flink-local: from submission to end)."
  echo
  column -t -s $'\t' "$tsv"
  echo
  for target in $targets; do
    best() { awk -F'\t' -v t="$target" -v c="$1" -v col="$2" '$1==t && $2==c && $col!="-" {if (b=="" || $col<b) b=$col} END {print b}' "$tsv"; }
    d="$(best direct 4)" l="$(best flink-local 4)" p1="$(best flink-p1 4)" p2="$(best flink-p2 4)"
    j1="$(best flink-p1 5)" j2="$(best flink-p2 5)"
    if [ -n "$p1" ] && [ -n "$p2" ]; then
      echo "$target: cluster p2 vs p1: wall $(echo "scale=2; $p1 / $p2" | bc -l)x, job $(echo "scale=2; $j1 / $j2" | bc -l)x"
    fi
    s2="$(best flink-ship-p2 4)" js2="$(best flink-ship-p2 5)"
    if [ -n "$s2" ] && [ -n "$p2" ]; then
      echo "$target: cluster p2 shipping the jar: wall $s2 s (job $js2 s), against $p2 s (job $j2 s) with Ferry on the cluster"
    fi
    if [ -n "$d" ] && [ -n "$l" ] && [ -n "$p2" ]; then
      echo "$target: vs DirectRunner ($d s): flink-local $(echo "scale=2; $d / $l" | bc -l)x, cluster p2 $(echo "scale=2; $d / $p2" | bc -l)x (wall)"
    fi
  done
} | tee "$out_dir/flink-$stamp.txt"
cp "$out_dir/flink-$stamp.txt" "$out_dir/flink-latest.txt"
