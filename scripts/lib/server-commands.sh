# shellcheck shell=bash
# The commands scripts/postgres.sh and scripts/redis.sh share (the lock, reusing a running server, stop, status,
# url, log, and the dispatch).
# Sourced, not run. The sourcing script sets SERVER_SCRIPT (its own name, for messages) and STATE_DIR, and
# defines log, die, usage, cmd_start, read_state (sets PID, PORT, DATA_DIR), is_running, stop_server and url_for.

# One start or stop at a time per state folder (parallel test workers start the same server).
lock_state() {
  mkdir -p "$STATE_DIR"
  exec 9>"$STATE_DIR/.lock"
  flock -w 120 9 || die "another $SERVER_SCRIPT holds $STATE_DIR/.lock for over 120 s; check for a stuck run"
}

# For cmd_start, under the lock: a running server is reused (its URL printed, status 0); the leftovers of one
# that died are cleaned up first (status 1: start a new one).
reuse_running() {
  if is_running; then
    log "already running on 127.0.0.1:$PORT (pid $PID)"
    url_for "$PORT"
    return 0
  fi
  if [ -n "$DATA_DIR" ] || [ -n "$PID" ]; then
    log "removing state of a server that is no longer running"
    stop_server
  fi
  return 1
}

cmd_stop() {
  [ -d "$STATE_DIR" ] || { log "not running"; return 0; }
  lock_state
  read_state
  if [ -z "$PID" ] && [ -z "$DATA_DIR" ]; then log "not running"; return 0; fi
  stop_server
}

cmd_status() {
  if is_running; then
    echo "running $(url_for "$PORT") pid $PID"
  else
    echo "stopped"
    exit 3
  fi
}

cmd_url() {
  is_running || die "not running; start it with scripts/$SERVER_SCRIPT start"
  url_for "$PORT"
}

cmd_log() {
  local lines=${1:-50}
  read_state
  if [ -z "$DATA_DIR" ] || [ ! -f "$DATA_DIR/server.log" ]; then
    die "no server log: nothing started; start it with scripts/$SERVER_SCRIPT start"
  fi
  tail -n "$lines" "$DATA_DIR/server.log"
}

run_server_command() {
  case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    url) cmd_url ;;
    log) cmd_log "${2:-50}" ;;
    *) usage ;;
  esac
}
