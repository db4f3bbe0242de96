#!/usr/bin/env bash
# A throw-away PostgreSQL server for tests, no Docker needed.
#
#   scripts/postgres.sh start    start one (or reuse the running one); prints its URL
#   scripts/postgres.sh url      prints the URL of the running server
#   scripts/postgres.sh status   prints "running <url> pid <pid>" (exit 0) or "stopped" (exit 3)
#   scripts/postgres.sh stop     stops it and removes its data
#   scripts/postgres.sh log [N]  prints the last N (50) lines of the server's log
#
# Only the URL goes to stdout (postgres://postgres:postgres@127.0.0.1:<port>/postgres);
# everything else goes to stderr. PostgreSQL comes from the OS packages (Debian's
# `postgresql`), installed with apt-get when missing. The cluster lives in a temp
# folder, listens on 127.0.0.1 only on a free port, and runs as the `postgres` OS
# user when we are root (postgres refuses to run as root).
#
# Environment:
#   SERVERS_STATE_DIR  where pid, port and data dir are kept (default: <repo>/.servers)
#   PG_START_TIMEOUT   seconds to wait for the server to accept connections (default 30)
#   PG_DURABLE=1       keep fsync on (default off: a throw-away test cluster)
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${SERVERS_STATE_DIR:-$REPO_DIR/.servers}/postgres"
TIMEOUT="${PG_START_TIMEOUT:-30}"
PG_USER=postgres
PG_PASSWORD=postgres
PG_DB=postgres

log() { echo "postgres.sh: $*" >&2; }
die() { echo "postgres.sh: error: $*" >&2; exit 1; }
# shellcheck source=lib/servers-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/servers-common.sh"

usage() {
  echo "usage: scripts/postgres.sh start|stop|status|log|url" >&2
  exit 2
}

# --- finding or installing PostgreSQL --------------------------------------

pg_bindir() {
  local dir
  if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
  # Newest version first: /usr/lib/postgresql/<ver>/bin (Debian, Ubuntu).
  for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5 -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      echo "$dir"; return
    fi
  done
  # Elsewhere: on PATH (Fedora, Homebrew, ...).
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"; return
  fi
  return 1
}

install_postgres() {
  if [ "$(id -u)" != 0 ]; then
    die "PostgreSQL is not installed and we are not root; install it (sudo apt-get install postgresql) or set PG_BINDIR"
  fi
  command -v apt-get >/dev/null 2>&1 \
    || die "PostgreSQL is not installed and there is no apt-get; install PostgreSQL yourself or set PG_BINDIR"
  log "installing PostgreSQL from the OS packages (apt-get install postgresql)"
  # Serialise with any other apt run started by our scripts.
  (
    flock 8
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || die "apt-get update failed; check access to the Debian package mirror"
    apt-get install -y -qq --no-install-recommends postgresql >&2 \
      || die "apt-get install postgresql failed; run it by hand to see why"
  ) 8>/tmp/create-service-apt.lock
}

# --- helpers ----------------------------------------------------------------

# Run a command as the owner of the cluster: `postgres` when we are root.
# fd 9 (our lock) is closed so that the server does not inherit and hold it.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$PG_USER" -- "$@" 9>&-
  else
    "$@" 9>&-
  fi
}

read_state() {
  PORT=""; PID=""; DATA_DIR=""; BINDIR=""
  [ -f "$STATE_DIR/port" ] && PORT=$(cat "$STATE_DIR/port")
  [ -f "$STATE_DIR/pid" ] && PID=$(cat "$STATE_DIR/pid")
  [ -f "$STATE_DIR/datadir" ] && DATA_DIR=$(cat "$STATE_DIR/datadir")
  [ -f "$STATE_DIR/bindir" ] && BINDIR=$(cat "$STATE_DIR/bindir")
  return 0
}

url_for() { echo "postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$1/$PG_DB"; }

# The server of our state is alive and accepts connections.
is_running() {
  read_state
  [ -n "$PID" ] && [ -n "$PORT" ] || return 1
  pid_alive "$PID" || return 1
  # The pid could have been reused by another process: check it is a postgres.
  grep -q postgres "/proc/$PID/cmdline" 2>/dev/null || [ ! -d /proc ] || return 1
  "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 2 >/dev/null 2>&1
}

# --- commands ------------------------------------------------------------------

cmd_start() {
  lock_state
  reuse_running && return

  if [ -n "${PG_BINDIR:-}" ] && [ ! -x "$PG_BINDIR/pg_ctl" ]; then
    die "PG_BINDIR=$PG_BINDIR has no pg_ctl; unset PG_BINDIR or point it at PostgreSQL's bin folder"
  fi
  local bindir
  bindir=$(pg_bindir) || { install_postgres; bindir=$(pg_bindir) || die "PostgreSQL was installed but no initdb/pg_ctl was found under /usr/lib/postgresql/*/bin; set PG_BINDIR"; }
  if [ "$(id -u)" = 0 ] && ! id -u "$PG_USER" >/dev/null 2>&1; then
    die "we are root and there is no '$PG_USER' OS user to run the server as; create it (useradd --system $PG_USER)"
  fi

  local data_dir pgdata logfile pwfile
  data_dir=$(mktemp -d "${TMPDIR:-/tmp}/create-service-pg.XXXXXX")
  pgdata="$data_dir/data"
  logfile="$data_dir/server.log"
  echo "$data_dir" >"$STATE_DIR/datadir"
  echo "$bindir" >"$STATE_DIR/bindir"
  pwfile="$data_dir/pwfile"
  echo "$PG_PASSWORD" >"$pwfile"
  chmod 700 "$data_dir"
  [ "$(id -u)" = 0 ] && chown -R "$PG_USER": "$data_dir"

  log "initdb in $pgdata ($("$bindir/postgres" --version))"
  if ! as_owner "$bindir/initdb" -D "$pgdata" -U "$PG_USER" --pwfile="$pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-instructions \
      >"$data_dir/initdb.log" 2>&1; then
    log_tail "$data_dir/initdb.log"
    rm -rf "$data_dir"; rm -f "$STATE_DIR/datadir" "$STATE_DIR/bindir"
    die "initdb failed (log above)"
  fi
  rm -f "$pwfile"

  local fsync=off
  [ "${PG_DURABLE:-0}" = 1 ] && fsync=on

  local attempt port pid=""
  for attempt in 1 2 3; do
    port=$(free_port "")
    # Loopback TCP only; the unix socket lives in the data folder (no /var/run needed).
    as_owner "$bindir/pg_ctl" -D "$pgdata" -l "$logfile" -s \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $data_dir -c fsync=$fsync -c synchronous_commit=$fsync -c full_page_writes=$fsync -c max_connections=200" \
      -W start >&2 || true
    # Wait until it accepts connections, or dies.
    local deadline=$(( SECONDS + TIMEOUT ))
    while [ $SECONDS -lt $deadline ]; do
      if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1 >/dev/null 2>&1; then
        pid=$(head -n 1 "$pgdata/postmaster.pid" 2>/dev/null || true)
        break
      fi
      # Died (e.g. port taken meanwhile)? Retry on another port.
      if [ ! -f "$pgdata/postmaster.pid" ] && grep -q -E 'could not (bind|create listen)' "$logfile" 2>/dev/null; then
        break
      fi
      sleep 0.2
    done
    [ -n "$pid" ] && break
    if grep -q -E 'could not (bind|create listen)' "$logfile" 2>/dev/null && [ "$attempt" -lt 3 ]; then
      log "port $port was taken meanwhile; retrying on another port"
      as_owner "$bindir/pg_ctl" -D "$pgdata" -m immediate -s stop >/dev/null 2>&1 || true
      : >"$logfile"
      continue
    fi
    break
  done

  if [ -z "$pid" ]; then
    log_tail "$logfile"
    as_owner "$bindir/pg_ctl" -D "$pgdata" -m immediate -s stop >/dev/null 2>&1 || true
    rm -rf "$data_dir"; rm -f "$STATE_DIR/datadir" "$STATE_DIR/bindir"
    die "PostgreSQL did not accept connections within ${TIMEOUT}s (server log above); raise PG_START_TIMEOUT or fix the error in the log"
  fi

  echo "$port" >"$STATE_DIR/port"
  echo "$pid" >"$STATE_DIR/pid"
  log "running on 127.0.0.1:$port (pid $pid, data in $data_dir)"
  url_for "$port"
}

# Stop the server of our state (if any) and remove its data and state. Caller holds the lock.
stop_server() {
  read_state
  local pgdata="${DATA_DIR:+$DATA_DIR/data}"
  if [ -n "$PID" ] && pid_alive "$PID" && grep -q postgres "/proc/$PID/cmdline" 2>/dev/null; then
    if [ -n "$pgdata" ] && [ -n "$BINDIR" ] && [ -x "$BINDIR/pg_ctl" ]; then
      as_owner "$BINDIR/pg_ctl" -D "$pgdata" -m fast -w -t 20 -s stop >&2 || true
    fi
    if pid_alive "$PID"; then
      kill -TERM "$PID" 2>/dev/null || true
      for _ in $(seq 1 50); do pid_alive "$PID" || break; sleep 0.2; done
      pid_alive "$PID" && { log "pid $PID did not stop; sending SIGKILL"; kill -KILL "$PID" 2>/dev/null || true; }
    fi
    log "stopped (pid $PID)"
  fi
  case "$DATA_DIR" in
    */create-service-pg.*) rm -rf "$DATA_DIR" ;;
    "") ;;
    *) log "not removing unexpected data dir '$DATA_DIR'" ;;
  esac
  rm -f "$STATE_DIR/pid" "$STATE_DIR/port" "$STATE_DIR/datadir" "$STATE_DIR/bindir"
}

SERVER_SCRIPT=postgres.sh
# shellcheck source=lib/server-commands.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/server-commands.sh"
run_server_command "$@"
