import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { applyPatch, createTwoFilesPatch, parsePatch } from "diff";
import semver from "semver";
import { FailureError } from "../shared/errors.js";
import { TEMPLATE_FILES_DIR, TEMPLATE_SPEC_FILE } from "./template-spec.js";

/**
 * A template ships its earlier released versions as `history/<version>.patch`:
 * a unified diff that turns the next version's folder (template.yaml and
 * files/) into that version's. Applied one after another from the current
 * version down, they rebuild any earlier version offline, and the package
 * grows by what changed rather than by a whole tree per release. They are
 * made by `scripts/template-history.mjs` from the template's git history.
 */

export const HISTORY_DIR = "history";
const NULL_FILE = "/dev/null";
const REMOVED = "# removed: ";

type Files = Map<string, { content: string; mode: number }>;

/** The versions `history/` can rebuild, newest first. */
export function historyVersions(templateDir: string): string[] {
  const dir = join(templateDir, HISTORY_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".patch") && semver.valid(name.slice(0, -".patch".length)) !== null)
    .map((name) => name.slice(0, -".patch".length))
    .sort(semver.rcompare);
}

/**
 * A temporary folder holding the template as it was at `version`, or undefined
 * when its history does not reach that version. The caller removes the folder.
 */
export function rebuildVersion(templateDir: string, currentVersion: string, version: string): string | undefined {
  const chain = historyVersions(templateDir).filter((candidate) => semver.lt(candidate, currentVersion) && semver.gte(candidate, version));
  if (chain.at(-1) !== version) return undefined;
  let files = readTemplateFolder(templateDir);
  for (const step of chain) {
    const patchFile = join(templateDir, HISTORY_DIR, `${step}.patch`);
    files = applyTemplatePatch(files, readFileSync(patchFile, "utf8"), relative(process.cwd(), patchFile));
  }
  const out = mkdtempSync(join(tmpdir(), `create-service-template-${version}-`));
  for (const [path, file] of files) {
    const destination = join(out, path);
    mkdirSync(dirname(destination), { recursive: true });
    writeFileSync(destination, file.content);
    chmodSync(destination, file.mode);
  }
  if (!existsSync(join(out, TEMPLATE_FILES_DIR))) mkdirSync(join(out, TEMPLATE_FILES_DIR));
  return out;
}

/** Pure: the files after the patch, or a FailureError naming the file that no longer matches. */
export function applyTemplatePatch(files: Files, patchText: string, shownAs: string): Files {
  const out: Files = new Map(files);
  for (const line of patchText.split("\n")) {
    if (!line.startsWith(REMOVED)) continue;
    const path = line.slice(REMOVED.length);
    if (!out.delete(path)) throw new FailureError(`${shownAs}: ${path} is not in the template it applies to; the history no longer matches the template (regenerate it with scripts/template-history.mjs)`);
  }
  for (const filePatch of parsePatch(patchText)) {
    const from = stripPrefix(filePatch.oldFileName);
    const to = stripPrefix(filePatch.newFileName);
    const original = from === undefined ? "" : out.get(from)?.content;
    if (original === undefined) throw new FailureError(`${shownAs}: ${from} is not in the template it applies to; the history no longer matches the template (regenerate it with scripts/template-history.mjs)`);
    const patched = applyPatch(original, filePatch);
    if (patched === false) throw new FailureError(`${shownAs}: ${from ?? to} has changed since the patch was made; the history no longer matches the template (regenerate it with scripts/template-history.mjs)`);
    // A file removed and added whole keeps its mode from the newer version.
    const mode = from === undefined ? (files.get(to ?? "")?.mode ?? 0o644) : out.get(from)!.mode;
    if (from !== undefined) out.delete(from);
    if (to !== undefined) out.set(to, { content: patched, mode });
  }
  return out;
}

/** Pure: the patch that turns `newer` into `older` (what scripts/template-history.mjs writes). */
export function makeTemplatePatch(newer: Files, older: Files, header: string): string {
  const paths = [...new Set([...newer.keys(), ...older.keys()])].sort();
  // A file the older version lacks is named, not spelled out line by line: the patch stays the size of what the older version had.
  // So is one rewritten so much that its diff would be longer than the older text: it is then removed and added whole.
  const removed: string[] = [];
  const diffs: string[] = [];
  for (const path of paths) {
    const a = newer.get(path)?.content;
    const b = older.get(path)?.content;
    if (a === b) continue;
    if (b === undefined) {
      removed.push(path);
      continue;
    }
    const diff = a === undefined ? undefined : createTwoFilesPatch(`a/${path}`, `b/${path}`, a, b, undefined, undefined, { context: 3 });
    if (diff !== undefined && diff.length <= 2 * b.length) diffs.push(diff);
    else {
      if (a !== undefined) removed.push(path);
      diffs.push(createTwoFilesPatch(NULL_FILE, `b/${path}`, "", b, undefined, undefined, { context: 3 }));
    }
  }
  return [`# ${header}\n`, ...removed.map((path) => `${REMOVED}${path}\n`), ...diffs].join("");
}

const stripPrefix = (name: string | undefined): string | undefined => (name === undefined || name === NULL_FILE ? undefined : name.replace(/^[ab]\//, ""));

/** template.yaml and files/, as text; everything else in the folder (history/ itself) is not part of a version. */
export function readTemplateFolder(templateDir: string): Files {
  const files: Files = new Map();
  const visit = (relativePath: string): void => {
    const full = join(templateDir, relativePath);
    const stats = statSync(full);
    if (stats.isDirectory()) {
      for (const name of readdirSync(full).sort()) visit(`${relativePath}/${name}`);
    } else files.set(relativePath, { content: readFileSync(full, "utf8"), mode: stats.mode & 0o777 });
  };
  if (existsSync(join(templateDir, TEMPLATE_SPEC_FILE))) visit(TEMPLATE_SPEC_FILE);
  if (existsSync(join(templateDir, TEMPLATE_FILES_DIR))) visit(TEMPLATE_FILES_DIR);
  return files;
}

export const removeFolder = (dir: string): void => rmSync(dir, { recursive: true, force: true });
