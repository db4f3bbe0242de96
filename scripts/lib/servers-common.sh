# shellcheck shell=bash
# Helpers shared by scripts/postgres.sh, scripts/redis.sh and scripts/kafka.sh. Sourced, not run;
# the sourcing script defines die() first.

port_in_use() {
  local port=$1
  if command -v ss >/dev/null 2>&1; then
    ss -Htln "sport = :$port" 2>/dev/null | grep -q . && return 0
  fi
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
  return 1
}

# A free loopback port in 20000-49999; an optional argument names a port not to return.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 30000 ))
    if ! port_in_use "$port" && [ "$port" != "${1:-}" ]; then echo "$port"; return; fi
  done
  die "found no free TCP port on 127.0.0.1 after 50 tries; free some ports and retry"
}

# Alive and not a zombie (an exited child of ours that init has not reaped yet).
pid_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  [ -r "/proc/$1/stat" ] || return 0
  [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1)" != Z ]
}

# The last lines of a server log, on stderr, for a failure message.
log_tail() {
  local file=$1 lines=${2:-40}
  if [ -f "$file" ]; then
    echo "---- last lines of $file ----" >&2
    tail -n "$lines" "$file" >&2
    echo "----" >&2
  fi
}
