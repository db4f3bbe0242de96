import type { Diagnostic, Finding } from "./types.js";

/**
 * A baseline: the findings a repository had when it adopted arch-lint, kept in
 * a reviewable JSON file so CI fails on new findings only (dependency-cruiser's
 * known violations, ArchUnit's frozen rules). Findings are matched by their
 * fingerprint (rule, message kind and the finding's own key, never a line
 * number), so moving code around keeps them known while a new offence, or the
 * same offence between other services, is new. Pure: the CLI reads and writes
 * the file.
 */

export interface BaselineEntry {
  fingerprint: string;
  /** For the reader of the file; matching uses the fingerprint alone. */
  rule: string;
  message: string;
  location: string;
}

export interface Baseline {
  entries: BaselineEntry[];
}

const FORMAT = "arch-lint-baseline/v1";

export class BaselineError extends Error {}

/** Reads a baseline file's text; every problem is one line that names the file and the fix. */
export function parseBaseline(text: string, shownAs: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${shownAs} is not JSON (${(error as Error).message}); write it again with --update-baseline`);
  }
  const findings = (raw as { findings?: unknown } | null)?.findings;
  if ((raw as { format?: unknown } | null)?.format !== FORMAT || !Array.isArray(findings)) {
    throw new BaselineError(`${shownAs} is not an arch-lint baseline (no "format": "${FORMAT}" with a "findings" list); write it with --update-baseline`);
  }
  const entries = findings.map((entry: unknown, index) => {
    const fingerprint = (entry as { fingerprint?: unknown } | null)?.fingerprint;
    if (typeof fingerprint !== "string" || fingerprint === "") throw new BaselineError(`${shownAs}: findings[${index}] has no "fingerprint"; write the file again with --update-baseline`);
    const { rule, message, location } = entry as Partial<BaselineEntry>;
    return { fingerprint, rule: String(rule ?? ""), message: String(message ?? ""), location: String(location ?? "") };
  });
  return { entries };
}

/**
 * Marks the findings the baseline knows as suppressed (SARIF's "external" kind) and returns a
 * diagnostic for entries that no longer match anything: fixed, and worth dropping from the file.
 * Findings already suppressed in the source are left as they are.
 */
export function applyBaseline(findings: Finding[], baseline: Baseline, baselineFile: string, shownAs = baselineFile): Diagnostic[] {
  const known = new Set(baseline.entries.map((entry) => entry.fingerprint));
  const matched = new Set<string>();
  for (const finding of findings) {
    if (finding.suppressed || !known.has(finding.fingerprint)) continue;
    matched.add(finding.fingerprint);
    finding.suppressed = { kind: "external", justification: `known in the baseline ${shownAs}` };
  }
  const fixed = baseline.entries.filter((entry) => !matched.has(entry.fingerprint));
  if (fixed.length === 0) return [];
  const examples = fixed.slice(0, 3).map((entry) => (entry.location ? `${entry.rule} at ${entry.location}` : `fingerprint ${entry.fingerprint}`)).join("; ");
  return [
    {
      kind: "stale-baseline",
      file: baselineFile,
      message: `${fixed.length} baseline ${fixed.length === 1 ? "entry matches" : "entries match"} no finding any more (${examples}${fixed.length > 3 ? "; …" : ""}): fixed, so run with --update-baseline to drop ${fixed.length === 1 ? "it" : "them"}`,
    },
  ];
}

/** The baseline of these findings (those not suppressed in the source), and its file's text, sorted so it diffs well. */
export function buildBaseline(findings: readonly Finding[], where: (finding: Finding) => string): { baseline: Baseline; text: string } {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    if (finding.suppressed?.kind === "inSource" || byFingerprint.has(finding.fingerprint)) continue;
    byFingerprint.set(finding.fingerprint, { fingerprint: finding.fingerprint, rule: finding.ruleId, message: finding.message, location: where(finding) });
  }
  const entries = [...byFingerprint.values()].sort(
    (a, b) => a.rule.localeCompare(b.rule) || a.location.localeCompare(b.location, undefined, { numeric: true }) || a.fingerprint.localeCompare(b.fingerprint),
  );
  return { baseline: { entries }, text: `${JSON.stringify({ format: FORMAT, findings: entries }, null, 2)}\n` };
}
