import { existsSync } from "node:fs";
import { inCi, type SkippableContext } from "./servers.js";

/**
 * The Chromium the browser tests drive (through playwright-core, which brings no browser of its
 * own): `CHROMIUM_PATH`, else Debian's `chromium` package (`apt-get install chromium`, which
 * .ci/run installs when missing), else a Chrome or Chromium on the usual paths.
 */
const CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/** The browser's path; without one the test fails in CI (never a silent skip there) and is skipped elsewhere, naming the fix. */
export function requireChromium(ctx: SkippableContext): string {
  const path = findChromium();
  if (path) return path;
  const note = `needs Chromium: apt-get install chromium (.ci/run does it), or set CHROMIUM_PATH${process.env.CHROMIUM_PATH ? ` (${process.env.CHROMIUM_PATH} does not exist)` : ""}`;
  if (inCi()) throw new Error(note);
  console.warn(`skipped: ${note}`);
  return ctx.skip(note);
}
