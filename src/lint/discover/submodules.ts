import { posix } from "node:path";
import type { FileEntry, ReadText } from "./files.js";

/**
 * The folders `.gitmodules` declares as git submodules (`path = services/orders`), from the scan's top. A snapshot or
 * a clone made without `--recurse-submodules` lacks their code: what runs from them is known only by name (a
 * manifest's image named like the folder).
 */
export function submoduleFolders(files: readonly FileEntry[], read: ReadText): string[] {
  const folders: string[] = [];
  for (const file of files) {
    if (file.kind !== "gitmodules") continue;
    const text = read(file.rel);
    if (text === undefined) continue;
    const base = posix.dirname(file.rel);
    for (const match of text.matchAll(/^\s*path\s*=\s*(.+?)\s*$/gm)) {
      const folder = posix.normalize(base === "." ? match[1]! : `${base}/${match[1]!}`).replace(/\/+$/, "");
      if (!folder.startsWith("..") && folder !== "." && !folders.includes(folder)) folders.push(folder);
    }
  }
  return folders;
}
