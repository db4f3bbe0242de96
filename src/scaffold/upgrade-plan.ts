import { sha256, MANIFEST_FILE, type Manifest } from "./manifest.js";
import { isDeepStrictEqual } from "node:util";
import { parse as parseYaml } from "yaml";
import { mergeJsonText, type JsonMergeResult } from "./json-merge.js";
import { mergeYamlText } from "./yaml-merge.js";
import type { MergeText } from "./merge-file.js";
import { VirtualTree, type TreeFile } from "./virtual-tree.js";

/**
 * Decides, file by file, what an upgrade does, from three versions of each file:
 * base (what the recorded template version rendered), theirs (the file on disk
 * now, the owner's) and ours (what the current template renders). The manifest's
 * hashes say whether the owner changed a file, so that question never depends
 * on re-rendering the old version exactly. Pure but for `mergeText`.
 */

export type UpgradeOutcome =
  /** Nobody changed it, or both made the same change: nothing to write. */
  | "unchanged"
  /** The owner had not changed it: the new render replaces it. */
  | "updated"
  /** Both changed it; merged without a conflict. */
  | "merged"
  /** Both changed the same lines (or keys); marked or kept as the owner's, and listed. */
  | "conflict"
  /** New in the template. */
  | "added"
  /** The template no longer has it and the owner had not changed it. */
  | "removed"
  /** Left as the owner has it (see `reason`). */
  | "kept"
  /** The owner deleted it; it stays deleted. */
  | "deleted";

export interface FileDecision {
  path: string;
  outcome: UpgradeOutcome;
  /** Why, in a few words, for anything a person should read. */
  reason?: string;
  /** The file before the upgrade (undefined when it does not exist). */
  before?: TreeFile;
  /** The file after it (undefined when it does not exist). */
  after?: TreeFile;
}

export interface UpgradeInput {
  /** The recorded template version's render with the recorded answers; files it cannot give are missing. */
  base: VirtualTree;
  /** The current template's render, with its new manifest. */
  ours: VirtualTree;
  /** The files on disk now, for every path the manifest or `ours` names (missing ones absent). */
  theirs: Map<string, TreeFile>;
  recorded: Manifest["files"];
  mergeText: MergeText;
}

export interface UpgradePlan {
  decisions: FileDecision[];
  /** What to write (the manifest included), for the same staging and atomic replace as generation. */
  write: VirtualTree;
  remove: string[];
}

/** Migrations a service may already have run: the migration runner refuses an edited one. */
export const isMigration = (path: string): boolean => path.startsWith("migrations/");

export function planUpgrade(input: UpgradeInput): UpgradePlan {
  const paths = new Set([...Object.keys(input.recorded), ...input.ours.paths()].filter((path) => path !== MANIFEST_FILE));
  const decisions = [...paths].sort().map((path) => decideFile(path, input));
  const write = new VirtualTree();
  for (const decision of decisions) {
    const changed = decision.after && (!decision.before || !sameFile(decision.before, decision.after));
    if (changed) write.write(decision.path, decision.after!.content, decision.after!.mode);
  }
  const manifest = input.ours.read(MANIFEST_FILE);
  if (manifest) write.write(MANIFEST_FILE, manifest);
  const remove = decisions.filter((decision) => decision.outcome === "removed").map((decision) => decision.path);
  return { decisions, write, remove };
}

function decideFile(path: string, input: UpgradeInput): FileDecision {
  const recorded = input.recorded[path];
  const theirs = input.theirs.get(path);
  const ours = input.ours.file(path);
  const decision = (outcome: UpgradeOutcome, after: TreeFile | undefined, reason?: string): FileDecision => ({
    path, outcome, ...(reason ? { reason } : {}), ...(theirs ? { before: theirs } : {}), ...(after ? { after } : {}),
  });

  if (!recorded) {
    if (!ours) return decision("unchanged", theirs);
    if (!theirs) return decision("added", ours);
    if (sameFile(theirs, ours)) return decision("unchanged", theirs);
    return decision("conflict", theirs, "the template adds this file, but you already have one: yours is kept, compare it with the template's");
  }
  if (!theirs) return decision(ours ? "deleted" : "unchanged", undefined, ours ? "you deleted it; it stays deleted" : undefined);
  const ownerChanged = sha256(theirs.content) !== recorded.sha256;
  if (!ours) {
    if (isMigration(path)) return decision("kept", theirs, "an applied migration is never removed");
    return ownerChanged ? decision("kept", theirs, "the template no longer has it, but you changed it: yours is kept") : decision("removed", undefined);
  }
  if (sameFile(theirs, ours)) return decision("unchanged", theirs);
  const templateChanged = sha256(ours.content) !== recorded.sha256;
  if (isMigration(path)) {
    return templateChanged ? decision("kept", theirs, "an applied migration is never edited; the template changed it, so add a new migration if you need the change") : decision("unchanged", theirs);
  }
  if (!ownerChanged) return decision("updated", ours);
  if (!templateChanged) return decision("kept", theirs, "changed by you only");
  return mergeBoth(path, theirs, ours, input, decision);
}

function mergeBoth(path: string, theirs: TreeFile, ours: TreeFile, input: UpgradeInput, decision: (outcome: UpgradeOutcome, after: TreeFile | undefined, reason?: string) => FileDecision): FileDecision {
  const base = input.base.read(path);
  const note = base === undefined
    ? "the recorded template version could not be rendered for this file, so the merge had no common base"
    : sha256(base) !== input.recorded[path]!.sha256 ? "the recorded template version renders this file differently from when it was generated: check the merge" : undefined;
  const baseContent = base ?? Buffer.alloc(0);
  if ([baseContent, theirs.content, ours.content].some(isBinary)) {
    return decision("conflict", theirs, "a binary file both you and the template changed: yours is kept");
  }
  const mode = theirs.mode;
  const merged = input.mergeText(baseContent, theirs.content, ours.content);
  const format = structuredFormat(path);
  const structured = format && base !== undefined ? format.merge(base.toString("utf8"), theirs.content.toString("utf8"), ours.content.toString("utf8")) : undefined;
  if (format && structured) {
    // The line merge keeps every byte of layout, so it wins whenever it means the same as the merge by key.
    if (merged.conflicts === 0 && isDeepStrictEqual(format.parse(merged.content.toString("utf8")), format.parse(structured.content))) {
      return decision("merged", { content: merged.content, mode }, note);
    }
    const after = { content: Buffer.from(structured.content, "utf8"), mode };
    if (structured.conflicts.length === 0) return decision("merged", after, note);
    return decision("conflict", after, `both changed ${structured.conflicts.join(", ")}: your values are kept${note ? `; ${note}` : ""}`);
  }
  const after = { content: merged.content, mode };
  if (merged.conflicts === 0) return decision("merged", after, note);
  const regions = `${merged.conflicts} conflict${merged.conflicts === 1 ? "" : "s"} marked with <<<<<<< and >>>>>>>`;
  return decision("conflict", after, note ? `${regions}; ${note}` : regions);
}

interface StructuredFormat {
  merge: (base: string, theirs: string, ours: string) => JsonMergeResult | undefined;
  /** The value a text means, or undefined when it is not valid. */
  parse: (text: string) => unknown;
}

/** JSON and YAML files are merged by key: a dependency bump beside an owner's new dependency is no conflict. */
function structuredFormat(path: string): StructuredFormat | undefined {
  if (path.endsWith(".json")) return { merge: mergeJsonText, parse: (text) => tryParse(() => JSON.parse(text)) };
  if (path.endsWith(".yaml") || path.endsWith(".yml")) return { merge: mergeYamlText, parse: (text) => tryParse(() => parseYaml(text)) };
  return undefined;
}

function tryParse(parse: () => unknown): unknown {
  try {
    return parse();
  } catch {
    return undefined;
  }
}

const sameFile = (a: TreeFile, b: TreeFile): boolean => a.content.equals(b.content) && (a.mode & 0o111) === (b.mode & 0o111);
const isBinary = (content: Buffer): boolean => content.subarray(0, 8000).includes(0);
