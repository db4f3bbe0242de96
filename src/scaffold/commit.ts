import { lstat, mkdir, readdir, rename, rm, writeFile, chmod } from "node:fs/promises";
import { rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { FailureError, UsageError, errnoCode } from "../shared/errors.js";
import type { VirtualTree } from "./virtual-tree.js";

/**
 * Writes a virtual tree to disk so that the target is either complete or
 * absent: files go to a hidden staging folder beside the target, which then
 * becomes the target in one rename. A failure or a signal removes the staging
 * folder and any parent folders this call created.
 */

/** "blocked": a file stands where one of the target's parent folders should be. */
export type TargetState = "missing" | "empty" | "not-empty" | "not-a-folder" | "blocked";

export interface CommitResult {
  target: string;
  written: string[];
  /** Files that existed and were replaced (only with `force`). */
  replaced: string[];
}

export async function inspectTarget(target: string): Promise<TargetState> {
  try {
    const stats = await lstat(target);
    if (!stats.isDirectory()) return "not-a-folder";
    const entries = await readdir(target);
    return entries.length === 0 ? "empty" : "not-empty";
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return "missing";
    if (errnoCode(error) === "ENOTDIR") return "blocked";
    throw error;
  }
}

/** The one-line refusal for a target we must not write into, or undefined when it is fine. */
export function targetProblem(target: string, state: TargetState, force: boolean): string | undefined {
  if (state === "not-a-folder") return `${target} exists and is not a folder; choose another --dir`;
  if (state === "blocked") return `${target} cannot be created: a file stands where one of its parent folders should be; choose another --dir`;
  if (state === "not-empty" && !force) return `${target} already exists and is not empty; choose another --dir, or pass --force to write into it`;
  return undefined;
}

export async function commitTree(tree: VirtualTree, target: string, opts: { force: boolean }): Promise<CommitResult> {
  const state = await inspectTarget(target);
  const problem = targetProblem(target, state, opts.force);
  if (problem) throw new UsageError(problem);

  const parent = dirname(target);
  const createdAncestor = await ensureFolder(parent);
  const staging = join(parent, `.${basename(target)}.create-service-${process.pid}-${randomBytes(4).toString("hex")}`);
  const cleanup = (): void => {
    rmSync(staging, { recursive: true, force: true });
    if (createdAncestor) rmSync(createdAncestor, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanup();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    if (state === "not-empty") await assertNoTypeClashes(tree, target);
    await writeTree(tree, staging);
    if (state === "not-empty") {
      const replaced = await mergeInto(staging, target, tree);
      await rm(staging, { recursive: true, force: true });
      return { target, written: tree.paths(), replaced };
    }
    // rename(2) replaces an empty folder, so "empty" needs no special case.
    await rename(staging, target);
    return { target, written: tree.paths(), replaced: [] };
  } catch (error) {
    cleanup();
    throw describeWriteError(error, target);
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}

async function writeTree(tree: VirtualTree, root: string): Promise<void> {
  await mkdir(root, { recursive: false, mode: 0o755 });
  const folders = new Set(tree.paths().map((path) => dirname(path)).filter((dir) => dir !== "."));
  for (const folder of [...folders].sort()) await mkdir(join(root, folder), { recursive: true });
  await Promise.all(
    tree.entries().map(async ([path, file]) => {
      const destination = join(root, path);
      await writeFile(destination, file.content, { mode: file.mode });
      // writeFile's mode is filtered by the umask; executables must stay executable.
      await chmod(destination, file.mode);
    }),
  );
}

/** With --force into a non-empty folder: moves each staged file over its counterpart. */
async function mergeInto(staging: string, target: string, tree: VirtualTree): Promise<string[]> {
  const replaced: string[] = [];
  for (const path of tree.paths()) {
    const destination = join(target, path);
    if (await exists(destination)) replaced.push(path);
    await mkdir(dirname(destination), { recursive: true });
    await rename(join(staging, path), destination);
  }
  return replaced;
}

/** A generated file where the user has a folder (or the reverse) cannot be merged; say so before moving anything. */
async function assertNoTypeClashes(tree: VirtualTree, target: string): Promise<void> {
  for (const path of tree.paths()) {
    const segments = path.split("/");
    for (let i = 1; i <= segments.length; i++) {
      const partial = segments.slice(0, i).join("/");
      const stats = await lstat(join(target, partial)).catch(() => undefined);
      if (!stats) break;
      const mustBeFolder = i < segments.length;
      if (mustBeFolder && !stats.isDirectory()) throw new UsageError(`cannot write ${path}: ${join(target, partial)} is a file in the way; move it or choose another --dir`);
      if (!mustBeFolder && stats.isDirectory()) throw new UsageError(`cannot write ${path}: ${join(target, partial)} is a folder in the way; move it or choose another --dir`);
    }
  }
}

/** Creates a folder and its missing parents; returns the topmost folder it created, to undo on failure. */
async function ensureFolder(folder: string): Promise<string | undefined> {
  let topmostMissing: string | undefined;
  for (let current = folder; !(await exists(current)); current = dirname(current)) {
    topmostMissing = current;
    if (dirname(current) === current) break;
  }
  if (!topmostMissing) return undefined;
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw describeWriteError(error, folder);
  }
  return topmostMissing;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

function describeWriteError(error: unknown, target: string): Error {
  if (error instanceof UsageError || error instanceof FailureError) return error;
  const code = errnoCode(error);
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
    return new UsageError(`cannot write ${target}: ${code === "EROFS" ? "read-only file system" : "permission denied"}; choose a --dir in a folder you can write to`);
  }
  if (code === "ENOTDIR") return new UsageError(`cannot write ${target}: a file stands where a folder is needed; choose another --dir`);
  if (code === "ENOSPC") return new FailureError(`cannot write ${target}: no space left on the device; nothing was written`);
  return new FailureError(`cannot write ${target}: ${(error as Error).message}; nothing was written`);
}
