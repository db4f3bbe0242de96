import { chmodSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { FailureError, UsageError, errnoCode } from "../shared/errors.js";
import { FolderNotCreated, makeFolders } from "../shared/make-folders.js";
import type { VirtualTree } from "./virtual-tree.js";
import { MANIFEST_FILE } from "./manifest.js";
import { SwapError, swapIn } from "./swap-in.js";
import { deferSignals } from "./defer-signals.js";

/**
 * Writes a virtual tree to disk so that the target is either complete or as it
 * was: files go to a hidden staging folder beside the target, which then
 * becomes the target in one rename, or, with `force` into a folder the user
 * has, is swapped in file by file with every step undone on failure (see
 * `swapIn`). A signal during the write is held until the write is over.
 */

/**
 * "blocked": a file stands where one of the target's parent folders should be.
 * "no-access": the target or a parent folder cannot be read.
 */
export type TargetState = "missing" | "empty" | "not-empty" | "not-a-folder" | "blocked" | "no-access";

export interface CommitResult {
  target: string;
  written: string[];
  /** Files that existed and were replaced (only with `force`). */
  replaced: string[];
  /** A SIGINT or SIGTERM that arrived while writing; the write was finished first. */
  interrupted?: NodeJS.Signals;
}

export async function inspectTarget(target: string): Promise<TargetState> {
  try {
    const stats = lstatSync(target);
    if (!stats.isDirectory()) return "not-a-folder";
    return readdirSync(target).length === 0 ? "empty" : "not-empty";
  } catch (error) {
    const code = errnoCode(error);
    if (code === "ENOENT") return "missing";
    if (code === "ENOTDIR") return "blocked";
    if (code === "EACCES" || code === "EPERM") return "no-access";
    throw error;
  }
}

/** The one-line refusal for a target we must not write into, or undefined when it is fine. */
export function targetProblem(target: string, state: TargetState, force: boolean): string | undefined {
  if (state === "not-a-folder") return `${target} exists and is not a folder; choose another --dir`;
  if (state === "blocked") return `${target} cannot be created: a file stands where one of its parent folders should be; choose another --dir`;
  if (state === "no-access") return `cannot write ${target}: permission denied (it or a parent folder cannot be read); choose a --dir in a folder you can write to`;
  if (state === "not-empty" && !force) return `${target} already exists and is not empty; choose another --dir, or pass --force to write into it`;
  return undefined;
}

/** `remove`: files to take out of an existing target in the same all-or-nothing unit (an upgrade's removals). */
export async function commitTree(tree: VirtualTree, target: string, opts: { force: boolean; remove?: string[] }): Promise<CommitResult> {
  const state = await inspectTarget(target);
  const problem = targetProblem(target, state, opts.force);
  if (problem) throw new UsageError(problem);

  const signals = deferSignals();
  try {
    const replaced = writeAllOrNothing(tree, target, state === "not-empty", opts.remove ?? []);
    const interrupted = await signals.release();
    return { target, written: tree.paths(), replaced, ...(interrupted ? { interrupted } : {}) };
  } catch (error) {
    await signals.release();
    throw describeWriteError(error, target);
  }
}

/** Synchronous from the first folder made to the last rename, so no signal listener can run in between. */
function writeAllOrNothing(tree: VirtualTree, target: string, intoExisting: boolean, remove: string[]): string[] {
  if (intoExisting) assertNoTypeClashes(tree, target);
  const parent = dirname(target);
  const createdAncestor = ensureFolder(parent);
  const hidden = `.${basename(target)}.create-service-${process.pid}-${randomBytes(4).toString("hex")}`;
  const staging = join(parent, hidden);
  try {
    writeTree(tree, staging);
    if (!intoExisting) {
      // rename(2) replaces an empty folder, so an existing empty target needs no special case.
      renameSync(staging, target);
      return [];
    }
    return swapIn(staging, target, manifestLast(tree.paths()), join(parent, `${hidden}.replaced`), remove);
  } catch (error) {
    if (createdAncestor) rmSync(createdAncestor, { recursive: true, force: true });
    throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The manifest marks a complete service, so it is the last file to land. */
function manifestLast(paths: string[]): string[] {
  return [...paths.filter((path) => path !== MANIFEST_FILE), ...paths.filter((path) => path === MANIFEST_FILE)];
}

function writeTree(tree: VirtualTree, root: string): void {
  mkdirSync(root, { mode: 0o755 });
  const folders = new Set(tree.paths().map((path) => dirname(path)).filter((dir) => dir !== "."));
  for (const folder of [...folders].sort()) mkdirSync(join(root, folder), { recursive: true });
  for (const [path, file] of tree.entries()) {
    const destination = join(root, path);
    writeFileSync(destination, file.content, { mode: file.mode });
    // writeFile's mode is filtered by the umask; executables must stay executable.
    chmodSync(destination, file.mode);
  }
}

/** A generated file where the user has a folder (or the reverse) cannot be merged; say so before moving anything. */
function assertNoTypeClashes(tree: VirtualTree, target: string): void {
  for (const path of tree.paths()) {
    const segments = path.split("/");
    for (let i = 1; i <= segments.length; i++) {
      const partial = segments.slice(0, i).join("/");
      const stats = lstatOrUndefined(join(target, partial));
      if (!stats) break;
      const mustBeFolder = i < segments.length;
      if (mustBeFolder && !stats.isDirectory()) throw new UsageError(`cannot write ${path}: ${join(target, partial)} is a file in the way; move it or choose another --dir`);
      if (!mustBeFolder && stats.isDirectory()) throw new UsageError(`cannot write ${path}: ${join(target, partial)} is a folder in the way; move it or choose another --dir`);
    }
  }
}

/** makeFolders, with its failures said as the scaffolder's one-line errors. */
function ensureFolder(folder: string): string | undefined {
  try {
    return makeFolders(folder);
  } catch (error) {
    if (!(error instanceof FolderNotCreated)) throw error;
    if (errnoCode(error.cause) === "ENOENT") throw new UsageError(`cannot write ${folder}: the file system refused to create ${error.path}; choose a --dir in a folder you can write to`);
    throw describeWriteError(error.cause, folder);
  }
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** A failed write as the scaffolder's one-line error: a usage error when another --dir would do, else a failure. */
export function describeWriteError(error: unknown, target: string): Error {
  if (error instanceof UsageError || error instanceof FailureError) return error;
  const where = error instanceof SwapError ? error.path : target;
  const cause = error instanceof SwapError ? error.cause : error;
  const outcome = error instanceof SwapError ? "nothing was changed" : "nothing was written";
  const code = errnoCode(cause);
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
    const undone = error instanceof SwapError ? `; ${outcome}` : "";
    return new UsageError(`cannot write ${where}: ${code === "EROFS" ? "read-only file system" : "permission denied"}${undone}; choose a --dir in a folder you can write to`);
  }
  if (code === "ENOTDIR") return new UsageError(`cannot write ${where}: a file stands where a folder is needed; choose another --dir`);
  if (code === "ENOSPC") return new FailureError(`cannot write ${where}: no space left on the device; ${outcome}`);
  return new FailureError(`cannot write ${where}: ${(cause as Error).message}; ${outcome}`);
}
