import { lstatSync, mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";

/** A folder that could not be created: the path mkdir refused, and why (the errno error). */
export class FolderNotCreated extends Error {
  constructor(
    readonly path: string,
    override readonly cause: unknown,
  ) {
    super(`cannot create ${path}`);
  }
}

/**
 * Creates a folder and its missing parents one level at a time and returns
 * the topmost folder it created (undefined when none was missing), so a
 * caller can undo it. Not `mkdir -p`: Node's recursive mkdir retries forever
 * where mkdir fails with ENOENT under an existing folder (as in /proc). On
 * failure, what it created is removed again and FolderNotCreated is thrown.
 */
export function makeFolders(folder: string): string | undefined {
  const missing: string[] = [];
  for (let current = folder; !exists(current); current = dirname(current)) {
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const [index, path] of missing.entries()) {
    try {
      mkdirSync(path);
    } catch (error) {
      if (index > 0) rmSync(missing[0]!, { recursive: true, force: true });
      throw new FolderNotCreated(path, error);
    }
  }
  return missing[0];
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
