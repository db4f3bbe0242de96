import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FailureError } from "../shared/errors.js";

/**
 * A line-based three-way merge by `git merge-file`, the diff3 that git itself
 * uses: conflicts get git's standard markers, which every editor knows.
 * (node-diff3, the maintained JavaScript diff3, declares only Bun in its engines.)
 */

export interface TextMerge {
  content: Buffer;
  /** How many conflict regions were marked. */
  conflicts: number;
}

export type MergeText = (base: Buffer, theirs: Buffer, ours: Buffer) => TextMerge;

/** Labels shown after the markers: `<<<<<<< yours`, `>>>>>>> template 0.2.0`. */
export function gitMergeFile(labels: { theirs: string; base: string; ours: string }): MergeText {
  return (base, theirs, ours) => {
    const dir = mkdtempSync(join(tmpdir(), "create-service-merge-"));
    try {
      const paths = { theirs: join(dir, "yours"), base: join(dir, "base"), ours: join(dir, "template") };
      writeFileSync(paths.theirs, theirs);
      writeFileSync(paths.base, base);
      writeFileSync(paths.ours, ours);
      const run = spawnSync(
        "git",
        ["merge-file", "-p", "-L", labels.theirs, "-L", labels.base, "-L", labels.ours, paths.theirs, paths.base, paths.ours],
        { maxBuffer: 256 * 1024 * 1024 },
      );
      if (run.error) {
        const missing = (run.error as NodeJS.ErrnoException).code === "ENOENT";
        throw new FailureError(missing ? "git is needed to merge files both you and the template changed; install git and run the upgrade again" : `git merge-file failed: ${run.error.message}`);
      }
      // The exit status is the number of conflicts (capped at 127); a negative one (255 here) is an error.
      if (run.status === null || run.status > 127) throw new FailureError(`git merge-file failed: ${run.stderr.toString().trim() || `exit ${run.status}`}`);
      return { content: run.stdout, conflicts: run.status };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
