import dockerignore from "@balena/dockerignore";
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { basename, dirname, join, posix } from "node:path";

/**
 * The build context of the Dockerfile rehearsal (dockerfile-rehearsal.ts): the
 * folder `docker build` is given, less what its .dockerignore excludes
 * (@balena/dockerignore, Docker's matching rules), and COPY from it into a
 * stage's folder. A missing or excluded source fails as in Docker.
 */

interface BuildContext {
  dir: string;
  ignored: (relative: string) => boolean;
  /** Whether a "!" pattern might bring back something under this excluded folder (then it is walked, as Docker does). */
  mayReinclude: (relative: string) => boolean;
}

export function buildContext(dir: string): BuildContext {
  const file = join(dir, ".dockerignore");
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#"));
  // A CommonJS module whose types say `export default`: from ESM its default import is module.exports, and
  // the factory is also module.exports.default (the package sets it for this), which is what TypeScript sees.
  const matcher = dockerignore.default().add(lines);
  const negations = lines.filter((line) => line.startsWith("!")).map((line) => line.slice(1).trim().replace(/^\/+/, ""));
  return {
    dir,
    ignored: (relative) => matcher.ignores(relative),
    mayReinclude: (relative) => negations.some((pattern) => /[*?[]/.test(pattern.split("/")[0] ?? "") || pattern.startsWith(`${relative}/`)),
  };
}

/** COPY from the build context: what .dockerignore excludes is not there; a directory's contents go into dest. */
export function copyFromContext(context: BuildContext, sources: string[], dest: string, hostPath: (path: string) => string, at: string): void {
  const expanded = sources.flatMap((source) => {
    const relative = posix.normalize(source).replace(/^\/+/, "").replace(/\/+$/, "") || ".";
    if (relative === ".." || relative.startsWith("../")) throw new Error(`${at}: ${source} is outside the build context`);
    if (!/[*?[]/.test(relative)) return [relative];
    const parent = posix.dirname(relative);
    if (/[*?[]/.test(parent)) throw new Error(`${at}: ${source}: the rehearsal expands wildcards in the last path segment only`);
    const pattern = globToRegExp(posix.basename(relative));
    const matches = (existsSync(join(context.dir, parent)) ? readdirSync(join(context.dir, parent)) : [])
      .map((name) => posix.join(parent, name))
      .filter((candidate) => pattern.test(posix.basename(candidate)) && inContext(context, candidate));
    if (matches.length === 0) throw new Error(`${at}: ${source} matches no file of the build context (after .dockerignore)`);
    return matches.sort();
  });
  const many = expanded.length > 1 || sources.some((source) => /[*?[]/.test(source));
  if (many && !dest.endsWith("/")) throw new Error(`${at}: with more than one source the destination must be a folder ending in / (Docker refuses ${dest})`);
  const target = hostPath(dest);
  for (const relative of expanded) {
    if (!inContext(context, relative)) {
      const why = existsSync(join(context.dir, relative)) ? "is excluded by .dockerignore" : "does not exist in the build context";
      throw new Error(`${at}: "${relative}" ${why}, so docker build fails here`);
    }
    const source = join(context.dir, relative);
    if (lstatSync(source).isDirectory()) copyContextDir(context, relative, target);
    else {
      const file = dest.endsWith("/") || (existsSync(target) && lstatSync(target).isDirectory()) ? join(target, basename(relative)) : target;
      copyEntry(source, file);
    }
  }
}

/** Whether a path of the context reaches the build: not excluded, or a folder something inside of which is brought back by a "!" pattern. */
function inContext(context: BuildContext, relative: string): boolean {
  const path = join(context.dir, relative);
  if (!existsSync(path)) return false;
  if (relative === "." || !context.ignored(relative)) return true;
  if (!lstatSync(path).isDirectory() || !context.mayReinclude(relative)) return false;
  return readdirSync(path).some((name) => inContext(context, posix.join(relative, name)));
}

function copyContextDir(context: BuildContext, relative: string, target: string): void {
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(join(context.dir, relative))) {
    const child = relative === "." ? name : posix.join(relative, name);
    if (!inContext(context, child)) continue;
    const source = join(context.dir, child);
    if (lstatSync(source).isDirectory()) copyContextDir(context, child, join(target, name));
    else copyEntry(source, join(target, name));
  }
}

function copyEntry(source: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  if (lstatSync(source).isSymbolicLink()) {
    rmSync(target, { force: true });
    symlinkSync(readlinkSync(source), target);
  } else copyFileSync(source, target);
}

/** Go's filepath.Match for one path segment: * and ? do not cross "/", [...] is a class. */
function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] ?? "";
    if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else if (char === "[") {
      const end = glob.indexOf("]", index + 1);
      if (end === -1) throw new Error(`bad pattern ${glob}`);
      source += `[${glob.slice(index + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
      index = end;
    } else source += char.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}
