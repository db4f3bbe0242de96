# shellcheck shell=bash
# The commands scripts/postgres.sh and scripts/redis.sh share (stop, status, url, log, and the dispatch).
# Sourced, not run. The sourcing script sets SERVER_SCRIPT (its own name, for messages) and STATE_DIR, and
# defines log, die, usage, cmd_start, read_state (sets PID, PORT, DATA_DIR), is_running, stop_server and url_for.

cmd_stop() {
  [ -d "$STATE_DIR" ] || { log "not running"; return 0; }
  exec 9>"$STATE_DIR/.lock"
  flock -w 120 9 || die "another $SERVER_SCRIPT holds $STATE_DIR/.lock for over 120 s; check for a stuck run"
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
