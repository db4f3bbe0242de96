// Kept to syntax every Node since 12 parses, so that an old Node gets this
// one-line message instead of a SyntaxError from the real CLI.
const MINIMUM = { 22: [22, 2], 24: [15, 0] };

export function requireSupportedNode(tool) {
  const [major, minor, patch] = process.versions.node.split(".").map(Number);
  const floor = MINIMUM[major];
  const supported = major >= 26 || (floor !== undefined && (minor > floor[0] || (minor === floor[0] && patch >= floor[1])));
  if (!supported) {
    process.stderr.write(
      `${tool}: Node ${process.versions.node} is not supported; install Node 24 LTS (or 22.22.2+) and run it again\n`,
    );
    process.exit(1);
  }
}
