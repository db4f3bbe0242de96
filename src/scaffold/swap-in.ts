import { existsSync, lstatSync, mkdirSync, renameSync, rmdirSync, rmSync, unlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { FailureError } from "../shared/errors.js";

/**
 * `--force` into a folder the user already has: moves staged files over their
 * counterparts as one unit. Each file it replaces is first set aside (a rename,
 * so its bytes, mode and times are kept); if any step fails, every step done so
 * far is undone in reverse: set-aside files go back, new files and the folders
 * made for them are removed. Paths the caller does not name are never touched.
 *
 * Synchronous on purpose: Node runs a signal listener only between tasks, so a
 * Ctrl-C that arrives while this runs is handled after it, never halfway
 * through (see `deferSignals`).
 */

type Step =
  | { kind: "made-folder"; path: string }
  | { kind: "set-aside"; path: string }
  | { kind: "placed"; path: string; replacing: boolean };

/** Thrown when a step fails; `path` is the file or folder it was writing. */
export class SwapError extends Error {
  constructor(readonly path: string, override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Moves `staging/<path>` to `target/<path>` for every path, in the given order.
 * `aside` must not exist; it holds the replaced files until the swap is done.
 * `removals` are taken out of `target` first, in the same unit.
 * Returns the paths whose existing file was replaced.
 */
export function swapIn(staging: string, target: string, paths: string[], aside: string, removals: string[] = []): string[] {
  const done: Step[] = [];
  let current = target;
  try {
    mkdirSync(aside, { mode: 0o700 });
    // A file an upgrade removes is only set aside, so that undoing the swap puts it back like any other.
    for (const path of removals) {
      current = join(target, path);
      if (!existsOrLink(current)) continue;
      mkdirSync(dirname(join(aside, path)), { recursive: true });
      renameSync(current, join(aside, path));
      done.push({ kind: "set-aside", path });
    }
    for (const path of paths) {
      for (const folder of missingFolders(target, dirname(path))) {
        current = join(target, folder);
        mkdirSync(current);
        done.push({ kind: "made-folder", path: folder });
      }
      current = join(target, path);
      const replacing = existsOrLink(current);
      if (replacing) {
        mkdirSync(dirname(join(aside, path)), { recursive: true });
        renameSync(current, join(aside, path));
        done.push({ kind: "set-aside", path });
      }
      renameSync(join(staging, path), current);
      done.push({ kind: "placed", path, replacing });
    }
  } catch (error) {
    undo(done, target, aside, error);
    rmSync(aside, { recursive: true, force: true });
    throw new SwapError(current, error);
  }
  rmSync(aside, { recursive: true, force: true });
  return done.flatMap((step) => (step.kind === "placed" && step.replacing ? [step.path] : []));
}

/** Reverses `done`; if a step cannot be undone, keeps `aside` and says where the user's files are. */
function undo(done: Step[], target: string, aside: string, cause: unknown): void {
  const failures: string[] = [];
  for (const step of [...done].reverse()) {
    try {
      // A replaced file needs nothing here: putting its original back (the set-aside step) renames over it.
      if (step.kind === "placed" && !step.replacing) unlinkSync(join(target, step.path));
      if (step.kind === "set-aside") renameSync(join(aside, step.path), join(target, step.path));
      if (step.kind === "made-folder") rmdirSync(join(target, step.path));
    } catch (error) {
      failures.push(`${step.path} (${(error as Error).message})`);
    }
  }
  if (failures.length > 0) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new FailureError(
      `cannot write ${target}: ${reason}; undoing the replace failed too for ${failures.join(", ")}: the files it replaced are kept in ${aside}`,
    );
  }
}

/** The folders of `folder` (relative to `root`) that do not exist yet, outermost first. */
function missingFolders(root: string, folder: string): string[] {
  if (folder === ".") return [];
  const segments = folder.split("/");
  const missing: string[] = [];
  for (let i = 1; i <= segments.length; i++) {
    const partial = segments.slice(0, i).join("/");
    if (missing.length > 0 || !existsSync(join(root, partial))) missing.push(partial);
  }
  return missing;
}

/** existsSync follows links; a dangling link the user has is still a file we would replace. */
function existsOrLink(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
