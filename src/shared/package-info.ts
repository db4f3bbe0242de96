import { readFileSync } from "node:fs";

/** The package root, found relative to this module both in src/ (tests) and dist/ (built). */
export const PACKAGE_ROOT = new URL("../../", import.meta.url);

let cachedVersion: string | undefined;

export function packageVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(new URL("package.json", PACKAGE_ROOT), "utf8")) as { version: string }).version;
  return cachedVersion;
}
