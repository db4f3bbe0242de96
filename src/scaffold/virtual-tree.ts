/**
 * The generated service before it touches the disk: a map from a relative
 * POSIX path to its bytes and mode. Dry runs print it, tests snapshot it, and
 * `commitTree` writes it; nothing else decides what gets written.
 */

export interface TreeFile {
  content: Buffer;
  /** Unix permission bits; 0o755 for executables, 0o644 otherwise. */
  mode: number;
}

export const FILE_MODE = 0o644;
export const EXECUTABLE_MODE = 0o755;

export class VirtualTree {
  readonly #files = new Map<string, TreeFile>();

  write(path: string, content: string | Buffer, mode = FILE_MODE): void {
    const normalized = normalizeTreePath(path);
    const parentClash = this.#clashingAncestor(normalized);
    if (parentClash) throw new Error(`cannot write ${normalized}: ${parentClash} is a file`);
    if ([...this.#files.keys()].some((existing) => existing.startsWith(`${normalized}/`))) {
      throw new Error(`cannot write ${normalized}: it is already a folder`);
    }
    this.#files.set(normalized, { content: typeof content === "string" ? Buffer.from(content, "utf8") : content, mode });
  }

  read(path: string): Buffer | undefined {
    return this.#files.get(normalizeTreePath(path))?.content;
  }

  file(path: string): TreeFile | undefined {
    return this.#files.get(normalizeTreePath(path));
  }

  readText(path: string): string | undefined {
    return this.read(path)?.toString("utf8");
  }

  exists(path: string): boolean {
    return this.#files.has(normalizeTreePath(path));
  }

  /** Files sorted by path, so every consumer sees the same order. */
  entries(): Array<[string, TreeFile]> {
    return [...this.#files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  paths(): string[] {
    return this.entries().map(([path]) => path);
  }

  get size(): number {
    return this.#files.size;
  }

  #clashingAncestor(path: string): string | undefined {
    const segments = path.split("/");
    for (let i = 1; i < segments.length; i++) {
      const ancestor = segments.slice(0, i).join("/");
      if (this.#files.has(ancestor)) return ancestor;
    }
    return undefined;
  }
}

/** Relative, POSIX, no `.` or `..` segments: a tree path can never point outside the target. */
export function normalizeTreePath(path: string): string {
  const posix = path.replace(/\\/g, "/");
  const segments = posix.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.length === 0) throw new Error(`empty path in the generated tree`);
  // "\\x" and "C:/x" are absolute on Windows, so they are refused like "/x".
  if (posix.startsWith("/") || /^[A-Za-z]:/.test(posix) || segments.includes("..")) throw new Error(`path ${JSON.stringify(path)} would leave the target folder`);
  return segments.join("/");
}
