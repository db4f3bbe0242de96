import { posix } from "node:path";
import type { FileEntry, ReadText } from "./files.js";
import { commandWords, instructions } from "./dockerfile.js";

/**
 * One Dockerfile that builds any app of a folder, the app named by a build argument: `ARG APP` then
 * `COPY apps/$APP /code/apps/$APP` (built with `docker build --build-arg APP=conduit -f Dockerfile.app .`). Each folder the
 * pattern matches is deployed by it, though no compose or Kubernetes file names them. The patterns, as globs relative to
 * the repository's top, from the COPY and ADD sources that put an argument with no default where a folder goes
 * (the build context taken as the Dockerfile's folder, where such a file is built from).
 */
export function templatedBuildFolders(files: readonly FileEntry[], read: ReadText): string[] {
  const globs = new Set<string>();
  for (const file of files) {
    if (file.kind !== "dockerfile") continue;
    const text = read(file.rel);
    if (!text || !text.includes("$")) continue;
    const open = new Set<string>();
    for (const { keyword, rest } of instructions(text)) {
      if (keyword === "ARG") {
        for (const word of rest.split(/\s+/)) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) open.add(word);
        continue;
      }
      if ((keyword !== "COPY" && keyword !== "ADD") || open.size === 0) continue;
      const words = commandWords(rest).filter((word) => !word.startsWith("--"));
      for (const source of words.slice(0, -1)) {
        const glob = folderGlob(source, open);
        if (glob) globs.add(posix.join(posix.dirname(file.rel), glob));
      }
    }
  }
  return [...globs];
}

/** `./apps/${APP}` → `apps/*` when APP is an argument with no default; a source with no such folder, or outside the context, none. */
function folderGlob(source: string, open: ReadonlySet<string>): string | undefined {
  const segments = source.replace(/^\.\//, "").replace(/\/+$/, "").split("/");
  let templated = -1;
  for (let i = 0; i < segments.length; i++) {
    const name = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(segments[i]!)?.[1];
    if (name && open.has(name)) {
      templated = i;
      break;
    }
    if (segments[i]!.includes("$") || segments[i] === ".." || segments[i] === "") return undefined;
  }
  // The folder the argument names is the app's (`apps/$APP`); a file inside it (`apps/$APP/route.js`) says the same.
  if (templated <= 0) return undefined;
  return [...segments.slice(0, templated), "*"].join("/");
}
