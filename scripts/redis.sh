#!/usr/bin/env bash
# A throw-away Redis server for tests, no Docker needed.
#
#   scripts/redis.sh start    start one (or reuse the running one); prints its URL
#   scripts/redis.sh url      prints the URL of the running server
#   scripts/redis.sh status   prints "running <url> pid <pid>" (exit 0) or "stopped" (exit 3)
#   scripts/redis.sh stop     stops it and removes its data
#   scripts/redis.sh log [N]  prints the last N (50) lines of the server's log
#
# Only the URL goes to stdout (redis://127.0.0.1:<port>); everything else goes to stderr.
# Redis comes from the OS packages (Debian's `redis-server`), installed with apt-get when
# missing (serialised with the other scripts' apt runs and .ci/run's). The server keeps
# nothing on disk (no snapshots, no append-only file), lives in a temp folder and listens
# on 127.0.0.1 only, on a free port.
#
# Environment:
#   SERVERS_STATE_DIR     where pid, port and data dir are kept (default: <repo>/.servers)
#   REDIS_SERVER          the redis-server binary to run (default: the one on PATH)
#   REDIS_START_TIMEOUT   seconds to wait for the server to answer PING (default 20)
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${SERVERS_STATE_DIR:-$REPO_DIR/.servers}/redis"
TIMEOUT="${REDIS_START_TIMEOUT:-20}"

log() { echo "redis.sh: $*" >&2; }
die() { echo "redis.sh: error: $*" >&2; exit 1; }
# shellcheck source=lib/servers-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/servers-common.sh"

usage() {
  echo "usage: scripts/redis.sh start|stop|status|log|url" >&2
  exit 2
}

# --- finding or installing Redis --------------------------------------------

redis_binary() {
  if [ -n "${REDIS_SERVER:-}" ]; then echo "$REDIS_SERVER"; return; fi
  command -v redis-server 2>/dev/null
}

install_redis() {
  if [ "$(id -u)" != 0 ]; then
    die "Redis is not installed and we are not root; install it (sudo apt-get install redis-server) or set REDIS_SERVER"
  fi
  command -v apt-get >/dev/null 2>&1 \
    || die "Redis is not installed and there is no apt-get; install Redis yourself or set REDIS_SERVER"
  log "installing Redis from the OS packages (apt-get install redis-server)"
  (
    flock 8
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || die "apt-get update failed; check access to the Debian package mirror"
    apt-get install -y -qq --no-install-recommends redis-server >&2 \
      || die "apt-get install redis-server failed; run it by hand to see why"
  ) 8>/tmp/create-service-apt.lock
}

# --- helpers ----------------------------------------------------------------

read_state() {
  PORT=""; PID=""; DATA_DIR=""
  [ -f "$STATE_DIR/port" ] && PORT=$(cat "$STATE_DIR/port")
  [ -f "$STATE_DIR/pid" ] && PID=$(cat "$STATE_DIR/pid")
  [ -f "$STATE_DIR/datadir" ] && DATA_DIR=$(cat "$STATE_DIR/datadir")
  return 0
}

url_for() { echo "redis://127.0.0.1:$1"; }

# PING over the wire protocol with bash alone (redis-cli may not be installed).
answers_ping() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'PING\r\n' >&3
    reply=""
    read -r -t 2 reply <&3 || true
    [ "${reply%$'\r'}" = "+PONG" ]
  ) 2>/dev/null
}

# The server of our state is alive and answers.
is_running() {
  read_state
  [ -n "$PID" ] && [ -n "$PORT" ] || return 1
  pid_alive "$PID" || return 1
  # The pid could have been reused by another process: check it is a redis-server.
  grep -q redis "/proc/$PID/cmdline" 2>/dev/null || [ ! -d /proc ] || return 1
  answers_ping "$PORT"
}

# --- commands ------------------------------------------------------------------

cmd_start() {
  lock_state
  reuse_running && return

  if [ -n "${REDIS_SERVER:-}" ] && [ ! -x "$REDIS_SERVER" ]; then
    die "REDIS_SERVER=$REDIS_SERVER is not an executable; unset it or point it at redis-server"
  fi
  local server
  server=$(redis_binary) || { install_redis; server=$(redis_binary) || die "Redis was installed but redis-server is not on PATH; set REDIS_SERVER"; }

  local data_dir logfile
  data_dir=$(mktemp -d "${TMPDIR:-/tmp}/create-service-redis.XXXXXX")
  logfile="$data_dir/server.log"
  echo "$data_dir" >"$STATE_DIR/datadir"

  local attempt port pid=""
  for attempt in 1 2 3; do
    port=$(free_port "")
    # Loopback only, nothing on disk, no unix socket; our lock (fd 9) is not inherited.
    "$server" --bind 127.0.0.1 --port "$port" --protected-mode yes --save "" --appendonly no \
      --dir "$data_dir" --logfile "$logfile" --pidfile "$data_dir/redis.pid" --daemonize yes 9>&- >&2 || true
    local deadline=$(( SECONDS + TIMEOUT ))
    while [ $SECONDS -lt $deadline ]; do
      if answers_ping "$port"; then
        pid=$(cat "$data_dir/redis.pid" 2>/dev/null || true)
        break
      fi
      # Died (e.g. port taken meanwhile)? Retry on another port.
      if grep -q -E 'Address already in use|Could not create server TCP' "$logfile" 2>/dev/null; then break; fi
      sleep 0.1
    done
    [ -n "$pid" ] && break
    if grep -q -E 'Address already in use' "$logfile" 2>/dev/null && [ "$attempt" -lt 3 ]; then
      log "port $port was taken meanwhile; retrying on another port"
      : >"$logfile"
      continue
    fi
    break
  done

  if [ -z "$pid" ]; then
    log_tail "$logfile"
    [ -f "$data_dir/redis.pid" ] && kill -KILL "$(cat "$data_dir/redis.pid")" 2>/dev/null || true
    rm -rf "$data_dir"; rm -f "$STATE_DIR/datadir"
    die "Redis did not answer PING within ${TIMEOUT}s (server log above); raise REDIS_START_TIMEOUT or fix the error in the log"
  fi

  echo "$port" >"$STATE_DIR/port"
  echo "$pid" >"$STATE_DIR/pid"
  log "running on 127.0.0.1:$port (pid $pid, $("$server" --version | cut -d' ' -f1-3), log in $logfile)"
  url_for "$port"
}

# Stop the server of our state (if any) and remove its folder and state. Caller holds the lock.
stop_server() {
  read_state
  if [ -n "$PID" ] && pid_alive "$PID" && grep -q redis "/proc/$PID/cmdline" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 50); do pid_alive "$PID" || break; sleep 0.1; done
    pid_alive "$PID" && { log "pid $PID did not stop; sending SIGKILL"; kill -KILL "$PID" 2>/dev/null || true; }
    log "stopped (pid $PID)"
  fi
  case "$DATA_DIR" in
    */create-service-redis.*) rm -rf "$DATA_DIR" ;;
    "") ;;
    *) log "not removing unexpected data dir '$DATA_DIR'" ;;
  esac
  rm -f "$STATE_DIR/pid" "$STATE_DIR/port" "$STATE_DIR/datadir"
}

SERVER_SCRIPT=redis.sh
# shellcheck source=lib/server-commands.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/server-commands.sh"
run_server_command "$@"
