import type { Diagnostic, Finding, Suppression } from "./types.js";

/**
 * Inline suppressions: a finding whose primary location is covered by a
 * directive naming its rule (or naming none) is marked suppressed, with the
 * `-- reason` as its justification. Directives that suppress nothing, or
 * name an unknown rule, come back as diagnostics.
 */
export function applySuppressions(findings: Finding[], suppressions: Suppression[], ruleIds: readonly string[]): Diagnostic[] {
  const used = new Set<Suppression>();
  const byFile = new Map<string, Suppression[]>();
  for (const s of suppressions) {
    const list = byFile.get(s.location.file) ?? [];
    list.push(s);
    byFile.set(s.location.file, list);
  }
  for (const finding of findings) {
    const candidates = byFile.get(finding.location.file);
    if (!candidates) continue;
    const match = candidates.find(
      (s) => finding.location.line >= s.fromLine && finding.location.line <= s.toLine && (s.rules.length === 0 || s.rules.includes(finding.ruleId)),
    );
    if (!match) continue;
    used.add(match);
    finding.suppressed = { kind: "inSource", ...(match.justification ? { justification: match.justification } : {}) };
  }
  const diagnostics: Diagnostic[] = [];
  for (const s of suppressions) {
    const unknown = s.rules.filter((r) => !ruleIds.includes(r));
    if (unknown.length) {
      diagnostics.push({ kind: "unused-suppression", file: s.location.file, line: s.location.line, message: `arch-lint-${s.kind === "block" ? "disable" : "disable-next-line"} names an unknown rule: ${unknown.join(", ")}` });
    } else if (!used.has(s)) {
      diagnostics.push({ kind: "unused-suppression", file: s.location.file, line: s.location.line, message: `unused arch-lint-${s.kind === "block" ? "disable" : "disable-next-line"}${s.rules.length ? ` ${s.rules.join(", ")}` : ""}: nothing to suppress here` });
    }
  }
  return diagnostics;
}
