// Kept to syntax every Node since 12 parses, so that an old Node gets this
// one-line message instead of a SyntaxError from the real CLI.
// Mirrors "engines" in package.json: ^22.22.2 || ^24.15.0 || >=26.0.0.
const MINIMUM_BY_MAJOR = { 22: [22, 2], 24: [15, 0] };

export function isSupportedNodeVersion(version) {
  const [major, minor, patch] = version.split(".").map(Number);
  if (major >= 26) return true;
  const floor = MINIMUM_BY_MAJOR[major];
  return floor !== undefined && (minor > floor[0] || (minor === floor[0] && patch >= floor[1]));
}

export function requireSupportedNode(tool) {
  if (!isSupportedNodeVersion(process.versions.node)) {
    process.stderr.write(
      `${tool}: Node ${process.versions.node} is not supported; install Node 24 LTS (or 22.22.2+) and run it again\n`,
    );
    process.exit(1);
  }
}
