import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A fingerprint of the scanner's own code, for the facts cache's key beside the tool's version: a checkout that
 * pulls and rebuilds keeps its version number (0.1.0 from one commit to the next) while its extractors change, and
 * facts cached by the old ones would be taken for the new ones' without a word. Sizes and modification times of the
 * files under the scanner's folder (no contents read: a build rewrites them all, so a rebuild starts an empty cache).
 */
export function scannerFingerprint(dir: string = fileURLToPath(new URL(".", import.meta.url))): string {
  const hash = createHash("sha1");
  const visit = (folder: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile()) {
        const { size, mtimeMs } = statSync(path);
        hash.update(`${relative(dir, path)}:${size}:${mtimeMs}\n`);
      }
    }
  };
  visit(dir);
  return hash.digest("base64url").slice(0, 16);
}
