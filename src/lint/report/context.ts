import { isAbsolute, join, relative, sep } from "node:path";
import type { Finding, LintResult } from "../types.js";

/** What every reporter gets besides the result. Reporters are pure: (result, ctx) → string. */
export interface ReportContext {
  /** Paths in the output are relative to this folder. */
  cwd: string;
  /**
   * The root of the repository being scanned (the folder holding `.git`), for formats whose
   * consumer reads paths from the repository root wherever the job ran (GitLab Code Quality);
   * absent when the scan is in no repository, and cwd is used instead.
   */
  repoRoot?: string;
  color: boolean;
  toolVersion: string;
  /** The text of one line of a scanned file, for code frames; optional. */
  sourceLine?: (file: string, line: number) => string | undefined;
}

export type Reporter = (result: LintResult, ctx: ReportContext) => string;

const displayPaths = new WeakMap<LintResult, Map<string, Map<string, string>>>();

/**
 * A result path (relative to the scan root) as the user should see it
 * (relative to cwd). Remembered per result and cwd: a long call chain repeats
 * the same few files in every finding's evidence.
 */
export function displayPath(result: LintResult, ctx: ReportContext, file: string): string {
  let byCwd = displayPaths.get(result);
  if (!byCwd) displayPaths.set(result, (byCwd = new Map()));
  let byFile = byCwd.get(ctx.cwd);
  if (!byFile) byCwd.set(ctx.cwd, (byFile = new Map()));
  let shown = byFile.get(file);
  if (shown === undefined) {
    const abs = isAbsolute(file) ? file : join(result.root, file);
    shown = relative(ctx.cwd, abs).split(sep).join("/") || ".";
    byFile.set(file, shown);
  }
  return shown;
}

/** A result path relative to the repository root (ctx.repoRoot, else cwd), as GitLab reads `location.path`. */
export function repoPath(result: LintResult, ctx: ReportContext, file: string): string {
  return displayPath(result, ctx.repoRoot ? { ...ctx, cwd: ctx.repoRoot } : ctx, file);
}

export interface Counts {
  errors: number;
  warnings: number;
  suppressed: number;
}

export function countFindings(findings: readonly Finding[]): Counts {
  let errors = 0;
  let warnings = 0;
  let suppressed = 0;
  for (const finding of findings) {
    if (finding.suppressed) suppressed++;
    else if (finding.severity === "error") errors++;
    else warnings++;
  }
  return { errors, warnings, suppressed };
}

/** "2 findings suppressed inline, 5 known in the baseline", or undefined when none is suppressed. */
export function describeSuppressed(findings: readonly Finding[]): string | undefined {
  let inline = 0;
  let known = 0;
  for (const finding of findings) {
    if (finding.suppressed?.kind === "inSource") inline++;
    else if (finding.suppressed) known++;
  }
  if (!inline && !known) return undefined;
  const parts = [...(inline ? [`${plural(inline, "finding")} suppressed inline`] : []), ...(known ? [`${known && inline ? known : plural(known, "finding")} known in the baseline`] : [])];
  return parts.join(", ");
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

const CODES = { red: [31, 39], yellow: [33, 39], dim: [2, 22], bold: [1, 22], underline: [4, 24], green: [32, 39] } as const;

export function paint(enabled: boolean): (style: keyof typeof CODES, text: string) => string {
  return (style, text) => (enabled ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text);
}
