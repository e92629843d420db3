# shellcheck shell=bash disable=SC2034  # variables are used by the scripts that source this file
# flink-common.sh — shared settings and helpers for scripts/flink-*.sh. Sourced, not run.
#
# A cluster lives in one directory (default $FERRY_HOME/flink, or --dir DIR):
#   conf/config.yaml, conf/log4j.properties   its configuration
#   classpath.txt                             the Flink jars (resolved by Maven from scripts/flink/pom.xml)
#   jobmanager.pid, taskmanager.pid           the PIDs flink-stop.sh stops
#   flink.env                                 FERRY_FLINK_MASTER=127.0.0.1:PORT (the REST address)
#   lib/ferry.jar                             Ferry on the class path (flink-start.sh --ferry-jar)
#   log/, tmp/                                logs, blobs and spill files

FERRY_HOME="${FERRY_HOME:-${HOME:-/root}/.ferry}"
FLINK_DIR_DEFAULT="$FERRY_HOME/flink"

# Flink's distribution keeps these in env.java.opts.all; only its bash scripts read that key,
# so Java 17 needs them on the command line of both JVMs.
FLINK_JAVA17_OPTS="--add-exports=java.base/sun.net.util=ALL-UNNAMED
--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED
--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED
--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED
--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED
--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
--add-opens=java.base/java.lang=ALL-UNNAMED
--add-opens=java.base/java.net=ALL-UNNAMED
--add-opens=java.base/java.io=ALL-UNNAMED
--add-opens=java.base/java.nio=ALL-UNNAMED
--add-opens=java.base/sun.nio.ch=ALL-UNNAMED
--add-opens=java.base/java.lang.reflect=ALL-UNNAMED
--add-opens=java.base/java.text=ALL-UNNAMED
--add-opens=java.base/java.time=ALL-UNNAMED
--add-opens=java.base/java.util=ALL-UNNAMED
--add-opens=java.base/java.util.concurrent=ALL-UNNAMED
--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"

# pid_alive FILE: true when FILE names a running process.
pid_alive() {
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

# port_in_use PORT: true when something accepts connections on 127.0.0.1:PORT.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# http_get PORT PATH: the body of a GET on 127.0.0.1:PORT (plain bash, no curl needed).
http_get() {
  local port="$1" path="$2" response
  response="$( (exec 3<>"/dev/tcp/127.0.0.1/$port" &&
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$path" >&3 && cat <&3) 2>/dev/null)" || return 1
  printf '%s' "${response#*$'\r\n\r\n'}"
}
