/**
 * Preloaded into a create-service child (`node --import <this> bin/create-service.js ...`) to stop it at an
 * exact point of its write, which a timer cannot hit reliably. It counts every file-system change the
 * child makes under FS_FAULT_ROOT and, at change number FS_FAULT_AT, either
 *   - sends the child FS_FAULT_SIGNAL (SIGINT or SIGTERM) just before the change, as a Ctrl-C at that
 *     instant would arrive, and lets the change go on; or
 *   - fails that change with the error code FS_FAULT_ERRNO (e.g. EACCES), as a file that cannot be
 *     replaced would.
 * At exit it writes the number of changes it saw to FS_FAULT_COUNT_FILE, so a test learns how many
 * points there are to stop at.
 *
 * Only the file system functions are wrapped; the code under test runs unchanged. Removals (rm, rmdir)
 * are counted but never failed: they are clean-up, and a test of "cannot be written" is about writes.
 */
import fs from "node:fs";
import fsPromises from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";
import { resolve, sep } from "node:path";

const root = resolve(process.env.FS_FAULT_ROOT ?? "/nonexistent-fs-fault-root");
const at = Number(process.env.FS_FAULT_AT ?? "0");
const signal = process.env.FS_FAULT_SIGNAL;
const errno = process.env.FS_FAULT_ERRNO;
const countFile = process.env.FS_FAULT_COUNT_FILE;

const CHANGES = ["writeFile", "rename", "mkdir", "chmod", "unlink", "copyFile", "symlink", "link", "rm", "rmdir"];
const NEVER_FAILED = new Set(["rm", "rmdir"]);

let count = 0;

const isUnderRoot = (path) => {
  const text = path instanceof URL ? path.pathname : typeof path === "string" ? path : Buffer.isBuffer(path) ? path.toString() : undefined;
  return text !== undefined && (resolve(text) + sep).startsWith(root + sep);
};

/** Returns the error to fail this call with, or undefined to let it run. */
function onChange(name, args) {
  const paths = name === "rename" || name === "copyFile" || name === "link" || name === "symlink" ? args.slice(0, 2) : args.slice(0, 1);
  if (!paths.some(isUnderRoot)) return undefined;
  count += 1;
  if (count !== at) return undefined;
  if (signal) {
    process.kill(process.pid, signal);
    return undefined;
  }
  if (errno && !NEVER_FAILED.has(name)) {
    return Object.assign(new Error(`${errno}: injected by fs-fault-hook, ${name} '${String(paths[0])}'`), { code: errno, syscall: name, path: String(paths[0]) });
  }
  return undefined;
}

for (const name of CHANGES) {
  const sync = fs[`${name}Sync`];
  fs[`${name}Sync`] = function (...args) {
    const failure = onChange(name, args);
    if (failure) throw failure;
    return sync.apply(this, args);
  };
  const promised = fsPromises[name];
  fsPromises[name] = async function (...args) {
    const failure = onChange(name, args);
    if (failure) throw failure;
    return promised.apply(this, args);
  };
  fs.promises[name] = fsPromises[name];
  const callback = fs[name];
  fs[name] = function (...args) {
    const failure = onChange(name, args);
    if (failure) {
      const done = args.at(-1);
      if (typeof done === "function") return void process.nextTick(done, failure);
      throw failure;
    }
    return callback.apply(this, args);
  };
}
syncBuiltinESMExports();

if (countFile) process.on("exit", () => fs.writeFileSync(countFile, String(count)));
