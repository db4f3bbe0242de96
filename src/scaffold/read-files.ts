import { lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { errnoCode } from "../shared/errors.js";
import type { TreeFile } from "./virtual-tree.js";

/**
 * The named files of a folder as they are on disk; a missing one (or a folder
 * or link where a file was) is left out, so an upgrade treats it as deleted
 * rather than following a link out of the service.
 */
export function readFiles(root: string, paths: Iterable<string>): Map<string, TreeFile> {
  const files = new Map<string, TreeFile>();
  for (const path of paths) {
    const full = join(root, path);
    try {
      const stats = lstatSync(full);
      if (!stats.isFile()) continue;
      files.set(path, { content: readFileSync(full), mode: stats.mode & 0o777 });
    } catch (error) {
      if (errnoCode(error) !== "ENOENT" && errnoCode(error) !== "ENOTDIR") throw error;
    }
  }
  return files;
}
