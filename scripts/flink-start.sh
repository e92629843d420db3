#!/usr/bin/env bash
# flink-start.sh — starts a standalone Flink 1.19 session cluster on this machine from Maven
# artifacts: one JobManager and one TaskManager, each its own JVM, bound to 127.0.0.1, REST on a
# free port. Prints the REST address (HOST:PORT, what `ferry run --flink-master` takes) as its
# last line once every slot is registered. Stop it with scripts/flink-stop.sh (same --dir).
#
#   scripts/flink-start.sh                        # 2 slots, in ~/.ferry/flink
#   scripts/flink-start.sh --dir /tmp/c1 --slots 4 --tm-memory 3g
#   scripts/flink-start.sh --ferry-jar runners/target/ferry.jar   # Ferry on the cluster's class path
#
# Options: --dir DIR, --slots N (default 2), --jm-memory SIZE (default 1g),
#          --tm-memory SIZE (default 2560m), --rest-port PORT (default: a free one),
#          --ferry-jar JAR: copy JAR to DIR/lib/ferry.jar and put it on both JVMs' class path, after
#          Flink's jars; jobs then ship no jar (`ferry run --flink-jar-on-cluster`), and the
#          TaskManager loads Ferry's classes once for all jobs.
# Idempotent: when the cluster of DIR is already running, prints its address and exits (refused when
# --ferry-jar names a jar other than the one it runs with: stop it first).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=flink-common.sh
. "$here/flink-common.sh"

dir="$FLINK_DIR_DEFAULT" slots=2 jm_mem=1g tm_mem=2560m rest_port="" ferry_jar=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --slots) slots="$2"; shift 2 ;;
    --jm-memory) jm_mem="$2"; shift 2 ;;
    --tm-memory) tm_mem="$2"; shift 2 ;;
    --rest-port) rest_port="$2"; shift 2 ;;
    --ferry-jar) ferry_jar="$2"; shift 2 ;;
    *) echo "flink-start.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

if pid_alive "$dir/jobmanager.pid" && pid_alive "$dir/taskmanager.pid" && [ -f "$dir/flink.env" ]; then
  . "$dir/flink.env"
  running_jar=""
  [ -f "$dir/lib/ferry.jar" ] && running_jar="$dir/lib/ferry.jar"
  if [ -n "$ferry_jar" ] && { [ -z "$running_jar" ] || ! cmp -s "$ferry_jar" "$running_jar"; }; then
    echo "flink-start.sh: the cluster in $dir runs with ${running_jar:-no Ferry jar}, not $ferry_jar;" \
      "stop it first (scripts/flink-stop.sh --dir $dir)" >&2
    exit 1
  fi
  echo "flink-start.sh: already running in $dir" >&2
  echo "$FERRY_FLINK_MASTER"
  exit 0
fi
if pid_alive "$dir/jobmanager.pid" || pid_alive "$dir/taskmanager.pid"; then
  echo "flink-start.sh: half a cluster is running in $dir; run scripts/flink-stop.sh --dir $dir first" >&2
  exit 1
fi

# The cluster's jars, resolved once by Maven (offline when the local repository has them).
cp_file="$dir/classpath.txt"
if [ ! -s "$cp_file" ] || [ "$here/flink/pom.xml" -nt "$cp_file" ]; then
  echo "flink-start.sh: resolving the Flink jars with Maven ..." >&2
  mvn -q -B -o -f "$here/flink/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" >&2 2>/dev/null ||
    mvn -q -B -ntp -f "$here/flink/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" >&2
fi
cp="$(cat "$cp_file")"
# A copy, so that rebuilding the jar cannot change the file under running JVMs.
mkdir -p "$dir/lib"
rm -f "$dir/lib/ferry.jar"
if [ -n "$ferry_jar" ]; then
  if [ ! -f "$ferry_jar" ]; then
    echo "flink-start.sh: --ferry-jar: no such file: $ferry_jar" >&2
    exit 2
  fi
  cp "$ferry_jar" "$dir/lib/ferry.jar"
  cp="$cp:$dir/lib/ferry.jar"
fi

# Ports below the kernel's ephemeral range: outgoing connections take ports from that range at any
# moment, so a port found free there could be taken before the JobManager binds it (seen once: "Could
# not start rest endpoint on any port in port range 34316").
read -r ephemeral_low _ < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || ephemeral_low=32768
if [ "${ephemeral_low:-0}" -le 12000 ]; then ephemeral_low=32768; fi
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((10000 + RANDOM % (ephemeral_low - 10000)))
    if ! port_in_use "$p"; then echo "$p"; return 0; fi
  done
  echo "flink-start.sh: no free port found" >&2
  return 1
}
rpc_port="$(free_port)"
if [ -z "$rest_port" ]; then
  rest_port="$(free_port)"
  while [ "$rest_port" = "$rpc_port" ]; do rest_port="$(free_port)"; done
elif port_in_use "$rest_port"; then
  echo "flink-start.sh: port $rest_port is in use" >&2
  exit 1
fi

mkdir -p "$dir/conf" "$dir/log" "$dir/tmp"
cat > "$dir/conf/config.yaml" <<YAML
jobmanager.rpc.address: 127.0.0.1
jobmanager.bind-host: 127.0.0.1
jobmanager.rpc.port: $rpc_port
jobmanager.memory.process.size: $jm_mem
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.rpc.port: 0
taskmanager.data.port: 0
taskmanager.numberOfTaskSlots: $slots
taskmanager.memory.process.size: $tm_mem
# A Beam batch job runs every operator of every flow at once; a spec with several flows needs
# more network buffers than Flink's default 10% ("Insufficient number of network buffers").
taskmanager.memory.network.fraction: 0.25
taskmanager.memory.network.max: 1g
taskmanager.memory.managed.fraction: 0.25
parallelism.default: $slots
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $rest_port
blob.server.port: 0
io.tmp.dirs: $dir/tmp
web.tmpdir: $dir/tmp/web
web.upload.dir: $dir/tmp/web
jobmanager.execution.failover-strategy: region
YAML
cat > "$dir/conf/log4j.properties" <<'LOG4J'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.append = true
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline
logger.netty.level = OFF
LOG4J

# JVM flags and dynamic properties computed by Flink itself, as its bin/config.sh does.
resource_params() { # KIND -> two lines: JVM flags, then dynamic "-D k=v" properties
  java -cp "$cp" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$dir/conf" 2>/dev/null |
    sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' | tail -n 2
}
jm_params="$(resource_params GET_JM_RESOURCE_PARAMS)"
tm_params="$(resource_params GET_TM_RESOURCE_PARAMS)"
if [ "$(printf '%s\n' "$jm_params" | wc -l)" -lt 2 ] || [ "$(printf '%s\n' "$tm_params" | wc -l)" -lt 2 ]; then
  echo "flink-start.sh: Flink's BashJavaUtils gave no memory settings; check $dir/conf/config.yaml" >&2
  exit 1
fi

# The collector and JIT thresholds Ferry's own JVMs use (see java-opts.sh): batch jobs, little
# start-up compiling.
jit_opts="$("$(dirname "${BASH_SOURCE[0]}")/java-opts.sh" --cluster)"
start_jvm() { # NAME MAINCLASS PARAMS
  local name="$1" main="$2" params="$3" jvm dyn
  jvm="$(printf '%s\n' "$params" | head -n 1)"
  dyn="$(printf '%s\n' "$params" | tail -n 1)"
  # shellcheck disable=SC2086  # flag lists are meant to split on blanks
  nohup java $jvm $FLINK_JAVA17_OPTS $jit_opts \
    -Dlog.file="$dir/log/$name.log" -Dlog4j.configurationFile="file:$dir/conf/log4j.properties" \
    -cp "$cp" "$main" --configDir "$dir/conf" $dyn \
    > "$dir/log/$name.out" 2>&1 < /dev/null &
  echo $! > "$dir/$name.pid"
}
start_jvm jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint "$jm_params"
start_jvm taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner "$tm_params"
echo "FERRY_FLINK_MASTER=127.0.0.1:$rest_port" > "$dir/flink.env"

# Ready when the REST API answers and the TaskManager's slots are registered.
for _ in $(seq 1 120); do
  if ! pid_alive "$dir/jobmanager.pid" || ! pid_alive "$dir/taskmanager.pid"; then
    echo "flink-start.sh: a Flink JVM exited; see $dir/log/" >&2
    tail -n 20 "$dir"/log/*.out >&2 || true
    "$here/flink-stop.sh" --dir "$dir" >&2 || true
    exit 1
  fi
  overview="$(http_get "$rest_port" /overview || true)"
  if [[ "$overview" == *"\"slots-total\":$slots,"* ]]; then
    echo "flink-start.sh: Flink session cluster up in $dir: $slots slots, REST on 127.0.0.1:$rest_port" >&2
    echo "127.0.0.1:$rest_port"
    exit 0
  fi
  sleep 0.5
done
echo "flink-start.sh: the cluster did not become ready within 60 s; see $dir/log/" >&2
"$here/flink-stop.sh" --dir "$dir" >&2 || true
exit 1
