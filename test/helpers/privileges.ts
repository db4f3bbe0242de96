import { execFileSync } from "node:child_process";

/**
 * Tests of "permission denied" need a process that the file modes bind. Root ignores them (the
 * CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH capabilities), and these machines run the tests as root,
 * so such a child is started through util-linux's setpriv with those two capabilities dropped: it is
 * still root, but a folder with mode 000 or 555 now refuses it as it refuses any user.
 */

const isRoot = process.getuid?.() === 0;

function hasSetpriv(): boolean {
  try {
    execFileSync("setpriv", ["--bounding-set=-dac_override,-dac_read_search", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** True when the file modes cannot be made to bind a child here (root without setpriv). */
export const privilegeDropUnavailable = isRoot && !hasSetpriv();

/** The command and arguments that run `file args` bound by file modes. */
export function asUserWithoutOverride(file: string, args: string[]): [string, string[]] {
  if (!isRoot) return [file, args];
  const caps = "-dac_override,-dac_read_search";
  return ["setpriv", [`--bounding-set=${caps}`, `--inh-caps=${caps}`, file, ...args]];
}
