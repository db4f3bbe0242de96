// Kept to syntax every Node since 12 parses, so that an old Node gets this
// one-line message instead of a SyntaxError from the real CLI.
// Mirrors "engines" in package.json: ^22.22.2 || ^24.15.0 || >=26.0.0, which is
// what our dependencies declare (test/cli/node-runtime.test.ts keeps them equal).
export const MINIMUM_BY_MAJOR = { 22: "22.22.2", 24: "24.15.0" };
export const FIRST_MAJOR_WITHOUT_FLOOR = 26;
const RECOMMENDED = MINIMUM_BY_MAJOR[24];

function parse(version) {
  return String(version).replace(/^v/, "").split(".").map(Number);
}

function atLeast(version, minimum) {
  const [major, minor, patch] = parse(version);
  const [, minMinor, minPatch] = parse(minimum);
  return minor > minMinor || (minor === minMinor && patch >= minPatch);
}

export function isSupportedNodeVersion(version) {
  const major = parse(version)[0];
  if (major >= FIRST_MAJOR_WITHOUT_FLOOR) return true;
  const floor = MINIMUM_BY_MAJOR[major];
  return floor !== undefined && atLeast(version, floor);
}

/** The one line an unsupported Node gets: the exact minimum to install, not a vague "24 LTS". */
export function unsupportedNodeMessage(tool, version) {
  return `${tool}: Node ${version} is not supported; install Node ${RECOMMENDED} or later (or ${MINIMUM_BY_MAJOR[22]} or later on the 22 line) and run it again`;
}

export function requireSupportedNode(tool) {
  if (!isSupportedNodeVersion(process.versions.node)) {
    process.stderr.write(unsupportedNodeMessage(tool, process.versions.node) + "\n");
    process.exit(1);
  }
}
