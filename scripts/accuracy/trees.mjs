#!/usr/bin/env node
// `node scripts/accuracy/trees.mjs [--mirror /work/.mirror] [--trees /tmp/acc] [--labels test/accuracy/labels]`:
// writes each labelled repository's tree, at the commit its label names, into <trees>/<owner+name> from a git
// snapshot already fetched into <mirror>/<owner+name> (the search tool's `fetch github:owner/name` puts it there),
// and lists the repositories still to fetch. Trees already written are kept; a tree is written to a side folder
// first and renamed, so an interrupted run never leaves half a tree that a later run would take as whole.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { values } = parseArgs({
  options: {
    mirror: { type: "string", default: "/work/.mirror" },
    trees: { type: "string", default: "/tmp/acc" },
    labels: { type: "string", default: join(root, "test/accuracy/labels") },
  },
});

/** The snapshot's git directory: a bare `repo/` or a clone's `repo/.git`. */
function gitDirOf(folder) {
  for (const candidate of [join(folder, "repo/.git"), join(folder, "repo")]) {
    if (existsSync(join(candidate, "HEAD")) && existsSync(join(candidate, "objects"))) return candidate;
  }
  return undefined;
}

function git(gitDir, args, options = {}) {
  return spawnSync("git", [`--git-dir=${gitDir}`, ...args], { encoding: "utf8", maxBuffer: 1024 * 1024 * 1024, ...options });
}

/**
 * Writes the commit's files that the snapshot holds into `into` and returns the paths of those it lacks, or undefined
 * when the commit's file list itself cannot be read.
 */
function writeFilesPresent(gitDir, commit, into) {
  const list = git(gitDir, ["ls-tree", "-r", "-z", "--full-tree", commit]);
  if (list.status !== 0) return undefined;
  const entries = list.stdout.split("\0").filter(Boolean).map((line) => {
    const [meta, path] = line.split("\t");
    const [mode, type, sha] = meta.split(" ");
    return { mode, type, sha, path };
  }).filter((e) => e.type === "blob");
  const absent = [];
  // In slices, so no answer outgrows the child process buffer (a commit with node_modules can hold gigabytes).
  for (let from = 0; from < entries.length; from += 2000) {
    const slice = entries.slice(from, from + 2000);
    const batch = git(gitDir, ["cat-file", "--batch"], { input: Buffer.from(slice.map((e) => e.sha).join("\n") + "\n"), encoding: "buffer" });
    if (batch.status !== 0 || batch.error) return undefined;
    const out = batch.stdout;
    let at = 0;
    for (const entry of slice) {
      const newline = out.indexOf(10, at);
      const header = out.subarray(at, newline).toString("utf8");
      if (newline < 0 || !header.startsWith(entry.sha)) return undefined;
      at = newline + 1;
      if (header.endsWith(" missing")) {
        absent.push(entry.path);
        continue;
      }
      const size = Number(header.split(" ")[2]);
      const content = out.subarray(at, at + size);
      at += size + 1;
      const target = join(into, entry.path);
      mkdirSync(dirname(target), { recursive: true });
      // The failed archive may have left a dangling link here (node_modules/.bin): writing would follow it.
      rmSync(target, { force: true });
      // Links are written as the text they point to, as a checkout on a system without links would.
      writeFileSync(target, content, { mode: entry.mode === "100755" ? 0o755 : 0o644 });
    }
  }
  return absent;
}

mkdirSync(values.trees, { recursive: true });
const toFetch = [];
const wrong = [];
const partial = [];
let written = 0;
let kept = 0;
for (const file of readdirSync(values.labels).filter((f) => f.endsWith(".json")).sort()) {
  const label = JSON.parse(readFileSync(join(values.labels, file), "utf8"));
  const name = label.tree ?? label.repository.replace("/", "+");
  const tree = join(values.trees, name);
  if (existsSync(tree)) {
    kept++;
    continue;
  }
  const gitDir = gitDirOf(join(values.mirror, label.repository.replace("/", "+")));
  if (!gitDir) {
    toFetch.push(label.repository);
    continue;
  }
  if (git(gitDir, ["cat-file", "-e", `${label.commit}^{commit}`]).status !== 0) {
    wrong.push(`${label.repository}: the snapshot lacks commit ${label.commit} (its HEAD is ${git(gitDir, ["rev-parse", "HEAD"]).stdout.trim()})`);
    continue;
  }
  // The process id keeps two runs at once from writing into one side folder.
  const part = `${tree}.part-${process.pid}`;
  rmSync(part, { recursive: true, force: true });
  mkdirSync(part, { recursive: true });
  // Piped, not buffered: a commit with node_modules in it makes an archive of gigabytes.
  const untar = spawnSync("bash", ["-o", "pipefail", "-c", 'git --git-dir="$1" archive --format=tar "$2" | tar -x -C "$3"', "archive", gitDir, label.commit, part], { encoding: "utf8" });
  if (untar.status !== 0) {
    // Snapshots may list their largest files without holding them: write every file that is there instead.
    const absent = writeFilesPresent(gitDir, label.commit, part);
    if (absent === undefined) {
      rmSync(part, { recursive: true, force: true });
      wrong.push(`${label.repository}: git archive or tar failed: ${String(untar.stderr).trim().split("\n")[0]}`);
      continue;
    }
    if (absent.length > 0) partial.push(`${label.repository}: ${absent.length} file(s) absent from the snapshot, left out (${absent.slice(0, 3).join(", ")}${absent.length > 3 ? ", …" : ""})`);
  }
  if (existsSync(tree)) rmSync(part, { recursive: true, force: true });
  else renameSync(part, tree);
  written++;
}
console.log(`${written} trees written, ${kept} already there, under ${values.trees}`);
for (const line of partial) console.log(`written in part: ${line}`);
for (const line of wrong) console.log(`not written: ${line}`);
if (toFetch.length > 0) console.log(`${toFetch.length} to fetch first (fetch github:<owner>/<name>):\n${toFetch.join("\n")}`);
process.exitCode = wrong.length > 0 ? 1 : 0;
