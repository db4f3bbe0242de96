import type { Finding, Severity } from "../types.js";
import { repoPath, type Reporter } from "./context.js";

/**
 * GitLab Code Quality: the subset of the Code Climate issue format that GitLab's merge request
 * widget reads, as documented on https://docs.gitlab.com/ci/testing/code_quality/ ("Implement a
 * custom tool"): a JSON array of objects with `description`, `check_name`, `fingerprint`,
 * `severity` (info, minor, major, critical or blocker), `location.path` (relative to the
 * repository) and `location.lines.begin`. GitLab ignores the spec's other properties, so the
 * evidence hops stay in the json and sarif formats. Findings known in the baseline or suppressed
 * inline are left out: GitLab has no notion of a suppressed issue, and would list them as new.
 */

/** Errors rank above warnings in the widget; GitLab's other levels are not used. */
const SEVERITY: Record<Severity, "major" | "minor"> = { error: "major", warn: "minor" };

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: "info" | "minor" | "major" | "critical" | "blocker";
  location: { path: string; lines: { begin: number } };
}

/**
 * The widget shows issues with one fingerprint as one entry, so every issue needs its own. A
 * finding's fingerprint (the baseline's: rule, kind and what it is about, never a line) is kept,
 * so an issue survives edits that move it; a second finding with the same fingerprint (the same
 * offence reported at two places) gets `-2`, the third `-3`, in the order of the report.
 */
export function codeQualityFingerprints(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const count = (seen.get(finding.fingerprint) ?? 0) + 1;
    seen.set(finding.fingerprint, count);
    return count === 1 ? finding.fingerprint : `${finding.fingerprint}-${count}`;
  });
}

export const gitlab: Reporter = (result, ctx) => {
  const visible = result.findings.filter((finding) => !finding.suppressed);
  const fingerprints = codeQualityFingerprints(visible);
  const issues: CodeQualityIssue[] = visible.map((finding, index) => ({
    description: finding.message,
    check_name: finding.ruleId,
    fingerprint: fingerprints[index]!,
    severity: SEVERITY[finding.severity],
    location: { path: repoPath(result, ctx, finding.location.file), lines: { begin: finding.location.line } },
  }));
  // No byte order mark: GitLab's parser refuses one.
  return `${JSON.stringify(issues, null, 2)}\n`;
};
