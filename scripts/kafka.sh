#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft: one process is controller and broker) for tests,
# no Docker needed: Java 17+ and Maven with access to Maven Central.
#
#   scripts/kafka.sh start      start one (or reuse the running one); prints 127.0.0.1:<port>
#   scripts/kafka.sh bootstrap  prints the bootstrap address of the running broker
#   scripts/kafka.sh status     prints "running <bootstrap> pid <pid>" (exit 0) or "stopped" (exit 3)
#   scripts/kafka.sh stop       stops it (SIGTERM, then SIGKILL after a bound) and removes its data
#   scripts/kafka.sh log [N]    prints the last N (50) lines of the broker's log
#   scripts/kafka.sh pause      stops the broker but keeps its data, ports and state (a broker outage)
#   scripts/kafka.sh resume     starts the paused broker again on the same port with the same data;
#                               prints the bootstrap address (`start` resumes a paused broker too)
#
# Only the bootstrap address goes to stdout; everything else goes to stderr.
# The jars (scripts/kafka/pom.xml) are fetched once with `mvn dependency:copy-dependencies`
# into a cache outside the repository; the broker's data and logs live in a temp folder.
#
# Environment:
#   SERVERS_STATE_DIR     where pid, ports and data dir are kept (default: <repo>/.servers)
#   KAFKA_CACHE_DIR       where the jars are cached (default: ~/.cache/create-service)
#   KAFKA_START_TIMEOUT   seconds to wait for the broker to answer (default 60)
#   KAFKA_STOP_TIMEOUT    seconds to wait after SIGTERM before SIGKILL (default 30)
#   KAFKA_HEAP            max heap of the broker (default 512m)
#   KAFKA_STOP_SIGNAL     signal for stop/pause (default TERM: controlled shutdown; KILL: a crash)
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KAFKA_DIR="$REPO_DIR/scripts/kafka"
STATE_DIR="${SERVERS_STATE_DIR:-$REPO_DIR/.servers}/kafka"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
HEAP="${KAFKA_HEAP:-512m}"

log() { echo "kafka.sh: $*" >&2; }
die() { echo "kafka.sh: error: $*" >&2; exit 1; }
# shellcheck source=lib/servers-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/servers-common.sh"

usage() {
  echo "usage: scripts/kafka.sh start|stop|status|log|bootstrap|pause|resume" >&2
  exit 2
}

# --- Java, Maven and the jars --------------------------------------------------

apt_install() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
  log "installing $* from the OS packages (apt-get install)"
  (
    flock 8
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends "$@" >&2
  ) 8>/tmp/create-service-apt.lock
}

java_major() {
  java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1 | cut -d. -f1
}

ensure_java() {
  if ! command -v java >/dev/null 2>&1; then
    apt_install openjdk-17-jre-headless || die "java not found; install Java 17 or later (apt-get install openjdk-17-jre-headless)"
  fi
  local major
  major=$(java_major)
  if [ -z "$major" ] || [ "$major" -lt 17 ]; then
    die "Kafka 4 needs Java 17 or later, found '$(java -version 2>&1 | head -n 1)'; install openjdk-17-jre-headless or put a newer java first on PATH"
  fi
}

kafka_version() {
  sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_DIR/pom.xml" | head -n 1
}

# Fetch the jars once into the cache; a changed pom.xml fetches them again.
ensure_jars() {
  local version cache pom_sum
  version=$(kafka_version)
  [ -n "$version" ] || die "no <kafka.version> in $KAFKA_DIR/pom.xml"
  cache="${KAFKA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/create-service}/kafka-$version"
  LIB="$cache/lib"
  pom_sum=$(sha256sum "$KAFKA_DIR/pom.xml" | cut -d' ' -f1)
  if [ -f "$LIB/.pom.sha256" ] && [ "$(cat "$LIB/.pom.sha256")" = "$pom_sum" ]; then
    return
  fi
  mkdir -p "$cache"
  (
    flock -w 900 8 || die "another kafka.sh holds $cache/.lock for over 900 s"
    if [ -f "$LIB/.pom.sha256" ] && [ "$(cat "$LIB/.pom.sha256")" = "$pom_sum" ]; then exit 0; fi
    if ! command -v mvn >/dev/null 2>&1; then
      apt_install maven || die "mvn not found; install Maven (apt-get install maven)"
    fi
    log "fetching Kafka $version and its dependencies with mvn into $LIB (once)"
    rm -rf "$cache/lib.tmp"
    cp "$KAFKA_DIR/pom.xml" "$cache/pom.xml"
    if ! mvn -B -q -f "$cache/pom.xml" dependency:copy-dependencies \
        -DoutputDirectory="$cache/lib.tmp" -DincludeScope=runtime >"$cache/mvn.log" 2>&1; then
      tail -n 30 "$cache/mvn.log" >&2
      die "mvn could not fetch the Kafka jars (log above, full log in $cache/mvn.log); check access to Maven Central"
    fi
    echo "$pom_sum" >"$cache/lib.tmp/.pom.sha256"
    rm -rf "$LIB"
    mv "$cache/lib.tmp" "$LIB"
  ) 8>"$cache/.lock"
}

# --- helpers ------------------------------------------------------------------------

read_state() {
  PORT=""; PID=""; DATA_DIR=""
  [ -f "$STATE_DIR/port" ] && PORT=$(cat "$STATE_DIR/port")
  [ -f "$STATE_DIR/pid" ] && PID=$(cat "$STATE_DIR/pid")
  [ -f "$STATE_DIR/datadir" ] && DATA_DIR=$(cat "$STATE_DIR/datadir")
  return 0
}

is_broker_pid() {
  [ -n "$1" ] && pid_alive "$1" && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'
}

# Our broker's process is alive and its port accepts connections (cheap; `start` checks more).
is_running() {
  read_state
  [ -n "$PORT" ] && is_broker_pid "$PID" && port_in_use "$PORT"
}

# JVM options for the short-lived tools: start fast, small heap.
TOOL_JVM=(-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true)

# A metadata request through the Admin client (what kafka-topics.sh --list does).
broker_answers() {
  local port=$1 dir=$2
  timeout 30 java "${TOOL_JVM[@]}" -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" -cp "$LIB/*" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$port" \
    --command-config "$dir/admin.properties" --list >"$dir/probe.log" 2>&1 9>&-
}

# A cluster id as Kafka's Uuid.randomUuid().toString() makes it: 16 random bytes, URL-safe
# base64 without padding, not starting with '-'. Saves a JVM start of `StorageTool random-uuid`.
cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    case "$id" in -*) ;; *) echo "$id"; return ;; esac
  done
}

# --- commands -------------------------------------------------------------------------

lock_state() {
  mkdir -p "$STATE_DIR"
  exec 9>"$STATE_DIR/.lock"
  flock -w 300 9 || die "another kafka.sh holds $STATE_DIR/.lock for over 300 s; check for a stuck run"
}

# Start the broker of $data_dir/server.properties in the background and wait until it answers.
# Sets BROKER_PID; returns 0 when ready, 1 when it exited, 2 when it did not answer in time.
launch_broker() {
  local data_dir=$1 port=$2
  local logfile="$data_dir/broker.log"
  local jvm=(-Xms128m "-Xmx$HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError
    -Djava.awt.headless=true "-Dlog4j2.configurationFile=$KAFKA_DIR/log4j2.properties"
    "-Dkafka.logs.dir=$data_dir/logs")
  # Detached (own session), stdin/stdout/stderr away from ours, without our lock (fd 9).
  setsid java "${jvm[@]}" -cp "$LIB/*" kafka.Kafka "$data_dir/server.properties" \
    </dev/null >>"$logfile" 2>&1 9>&- &
  BROKER_PID=$!
  echo "$BROKER_PID" >"$STATE_DIR/pid"
  local deadline=$(( SECONDS + START_TIMEOUT ))
  while [ $SECONDS -lt $deadline ]; do
    pid_alive "$BROKER_PID" || return 1
    if port_in_use "$port" && broker_answers "$port" "$data_dir"; then return 0; fi
    sleep 0.5
  done
  return 2
}

# After launch_broker failed ($1 = its status): show the logs, clean up, exit with the error.
launch_failed() {
  local status=$1 data_dir=$2
  log_tail "$data_dir/broker.log"
  [ -s "$data_dir/probe.log" ] && log_tail "$data_dir/probe.log"
  stop_broker "${3:-remove}"
  if [ "$status" = 2 ]; then
    die "the broker did not answer within ${START_TIMEOUT}s (log above); raise KAFKA_START_TIMEOUT or fix the error in the log"
  fi
  die "the broker exited during start (log above)"
}

cmd_start() {
  lock_state
  if is_running; then
    log "already running on 127.0.0.1:$PORT (pid $PID)"
    echo "127.0.0.1:$PORT"
    return
  fi
  if [ -f "$STATE_DIR/paused" ]; then
    resume_broker
    return
  fi
  if [ -n "$DATA_DIR" ] || [ -n "$PID" ]; then
    log "removing state of a broker that is no longer running"
    stop_broker
  fi

  ensure_java
  ensure_jars

  local data_dir
  data_dir=$(mktemp -d "${TMPDIR:-/tmp}/create-service-kafka.XXXXXX")
  echo "$data_dir" >"$STATE_DIR/datadir"
  printf 'default.api.timeout.ms=10000\nrequest.timeout.ms=5000\n' >"$data_dir/admin.properties"

  local attempt port cport status=0
  for attempt in 1 2 3; do
    port=$(free_port)
    cport=$(free_port "$port")
    rm -rf "$data_dir/data" "$data_dir/logs" "$data_dir/broker.log"
    sed -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$cport|g" -e "s|@DATA_DIR@|$data_dir|g" \
      "$KAFKA_DIR/server.properties.template" >"$data_dir/server.properties"

    # The controller's endpoint goes into the formatted storage (--standalone), so a new
    # port means formatting again.
    if ! java "${TOOL_JVM[@]}" "-Dlog4j2.configurationFile=$KAFKA_DIR/log4j2.properties" -cp "$LIB/*" \
        kafka.tools.StorageTool format --standalone --ignore-formatted \
        --cluster-id "$(cluster_id)" --config "$data_dir/server.properties" \
        >"$data_dir/format.log" 2>&1 9>&-; then
      log_tail "$data_dir/format.log"
      stop_broker
      die "formatting the broker's storage failed (log above); delete $LIB to fetch the jars again if they are broken"
    fi
    echo "$port" >"$STATE_DIR/port"
    echo "$cport" >"$STATE_DIR/controller-port"

    log "starting the broker on 127.0.0.1:$port (controller 127.0.0.1:$cport, data in $data_dir)"
    status=0
    launch_broker "$data_dir" "$port" || status=$?
    [ "$status" = 0 ] && break
    if [ "$status" = 1 ] && grep -q -i 'address already in use' "$data_dir/broker.log" && [ "$attempt" -lt 3 ]; then
      log "a port was taken meanwhile; retrying on other ports"
      continue
    fi
    break
  done
  [ "$status" = 0 ] || launch_failed "$status" "$data_dir"

  log "running on 127.0.0.1:$port (pid $BROKER_PID)"
  echo "127.0.0.1:$port"
}

# Start a paused broker again: same ports, same data (topics, offsets, consumer groups).
resume_broker() {
  read_state
  if [ -z "$DATA_DIR" ] || [ ! -f "$DATA_DIR/server.properties" ] || [ -z "$PORT" ]; then
    die "no paused broker to resume; start one with scripts/kafka.sh start"
  fi
  ensure_java
  ensure_jars
  port_in_use "$PORT" && die "port $PORT of the paused broker is taken by another process; free it, or run scripts/kafka.sh stop and start a new broker"
  rm -f "$STATE_DIR/paused"
  log "resuming the broker on 127.0.0.1:$PORT (data in $DATA_DIR)"
  local status=0
  launch_broker "$DATA_DIR" "$PORT" || status=$?
  [ "$status" = 0 ] || launch_failed "$status" "$DATA_DIR"
  log "running on 127.0.0.1:$PORT (pid $BROKER_PID)"
  echo "127.0.0.1:$PORT"
}

# Stop the broker process of our state (if any). With "remove" (the default) also remove its
# data and state; with "keep" keep them, so that `resume` starts it again. Caller holds the lock.
stop_broker() {
  local mode=${1:-remove}
  read_state
  if is_broker_pid "$PID"; then
    kill "-${KAFKA_STOP_SIGNAL:-TERM}" "$PID" 2>/dev/null || true
    local deadline=$(( SECONDS + STOP_TIMEOUT ))
    while pid_alive "$PID" && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    if pid_alive "$PID"; then
      log "pid $PID did not stop within ${STOP_TIMEOUT}s of SIGTERM; sending SIGKILL"
      kill -KILL "$PID" 2>/dev/null || true
      sleep 0.2
    fi
    log "stopped (pid $PID)"
  fi
  rm -f "$STATE_DIR/pid"
  [ "$mode" = keep ] && return 0
  case "$DATA_DIR" in
    */create-service-kafka.*) rm -rf "$DATA_DIR" ;;
    "") ;;
    *) log "not removing unexpected data dir '$DATA_DIR'" ;;
  esac
  rm -f "$STATE_DIR/port" "$STATE_DIR/controller-port" "$STATE_DIR/datadir" "$STATE_DIR/paused"
}

cmd_stop() {
  [ -d "$STATE_DIR" ] || { log "not running"; return 0; }
  lock_state
  read_state
  if [ -z "$PID" ] && [ -z "$DATA_DIR" ]; then log "not running"; return 0; fi
  stop_broker
}

cmd_pause() {
  lock_state
  is_running || die "not running; start it with scripts/kafka.sh start"
  stop_broker keep
  touch "$STATE_DIR/paused"
  log "paused: 127.0.0.1:$PORT is down, its data kept; scripts/kafka.sh resume starts it again"
}

cmd_resume() {
  lock_state
  if is_running; then
    log "already running on 127.0.0.1:$PORT (pid $PID)"
    echo "127.0.0.1:$PORT"
    return
  fi
  [ -f "$STATE_DIR/paused" ] || die "no paused broker to resume; start one with scripts/kafka.sh start"
  resume_broker
}

cmd_status() {
  if is_running; then
    echo "running 127.0.0.1:$PORT pid $PID"
  elif [ -f "$STATE_DIR/paused" ]; then
    echo "paused 127.0.0.1:$PORT"
    exit 3
  else
    echo "stopped"
    exit 3
  fi
}

cmd_bootstrap() {
  is_running || die "not running; start it with scripts/kafka.sh start"
  echo "127.0.0.1:$PORT"
}

cmd_log() {
  local lines=${1:-50}
  read_state
  if [ -z "$DATA_DIR" ] || [ ! -f "$DATA_DIR/broker.log" ]; then
    die "no server log: nothing started; start it with scripts/kafka.sh start"
  fi
  tail -n "$lines" "$DATA_DIR/broker.log"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  bootstrap) cmd_bootstrap ;;
  pause) cmd_pause ;;
  resume) cmd_resume ;;
  log) cmd_log "${2:-50}" ;;
  *) usage ;;
esac
