import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Packing a checkout takes two `npm pack` runs (seconds), and a developer or
 * a test suite generates many services from the same build. The tarball is
 * kept in the checkout's node_modules/.cache (the developer's own folder, so
 * nobody else can plant one there) under the hash of every file it could hold:
 * the top-level files and everything under package.json "files". A change to
 * any of them is a new key, so a kept tarball is never stale.
 */

export function cachedPack(packageRoot: string, pack: () => Buffer): Buffer {
  const key = packKey(packageRoot);
  if (key === undefined) return pack();
  const folder = join(packageRoot, "node_modules", ".cache", "create-service-pack");
  const file = join(folder, `${key}.tgz`);
  try {
    return readFileSync(file);
  } catch {
    // not packed yet, or removed by another run just now
  }
  const packed = pack();
  try {
    mkdirSync(folder, { recursive: true });
    for (const old of readdirSync(folder)) rmSync(join(folder, old), { force: true });
    // Written beside, then renamed: a parallel run reads a whole tarball or none.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, packed);
    renameSync(temp, file);
  } catch {
    // a cache that cannot be written only costs time
  }
  return packed;
}

/** undefined when package.json names no "files" list: then what npm packs is not bounded, and nothing is kept. */
export function packKey(packageRoot: string): string | undefined {
  let files: unknown;
  try {
    files = (JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { files?: unknown }).files;
  } catch {
    return undefined;
  }
  if (!Array.isArray(files) || !files.every((entry) => typeof entry === "string" && /^[\w.-]+$/.test(entry))) return undefined;
  const hash = createHash("sha256");
  const topLevel = readdirSync(packageRoot, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
  for (const path of [...topLevel, ...(files as string[]).flatMap((entry) => filesUnder(packageRoot, entry))].sort()) {
    const absolute = join(packageRoot, path);
    const content = readFileSync(absolute);
    hash.update(`${path}\0${statSync(absolute).mode & 0o777}\0${content.length}\0`).update(content);
  }
  return hash.digest("hex").slice(0, 32);
}

function filesUnder(root: string, path: string): string[] {
  let stat;
  try {
    stat = statSync(join(root, path));
  } catch {
    return [];
  }
  if (!stat.isDirectory()) return [path];
  return readdirSync(join(root, path)).flatMap((entry) => filesUnder(root, `${path}/${entry}`));
}
