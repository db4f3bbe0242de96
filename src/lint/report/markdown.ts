import { countFindings, describeSuppressed, displayPath, plural, type Reporter } from "./context.js";

/** For pull-request comments and $GITHUB_STEP_SUMMARY: a table, then the evidence per finding. */

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export const markdown: Reporter = (result, ctx) => {
  const counts = countFindings(result.findings);
  const visible = result.findings.filter((f) => !f.suppressed);
  const lines: string[] = [];
  const status = counts.errors ? "❌" : counts.warnings ? "⚠️" : "✅";
  lines.push(`### ${status} arch-lint: ${plural(counts.errors, "error")}, ${plural(counts.warnings, "warning")}`, "", `_${result.summary}_`, "");
  if (visible.length) {
    lines.push("| Severity | Rule | Location | Message |", "| --- | --- | --- | --- |");
    for (const f of visible) {
      const rule = result.rules.find((r) => r.id === f.ruleId);
      const ruleCell = rule?.docsUrl ? `[${f.ruleId}](${rule.docsUrl})` : f.ruleId;
      lines.push(`| ${f.severity} | ${ruleCell} | \`${displayPath(result, ctx, f.location.file)}:${f.location.line}\` | ${cell(f.message)} |`);
    }
    lines.push("");
    for (const f of visible.filter((finding) => finding.evidence.length)) {
      lines.push(`<details><summary>${cell(f.ruleId)} at ${displayPath(result, ctx, f.location.file)}:${f.location.line}</summary>`, "");
      for (const hop of f.evidence) lines.push(`1. \`${displayPath(result, ctx, hop.location.file)}:${hop.location.line}\` ${hop.message}`);
      lines.push("", "</details>", "");
    }
  }
  const suppressed = describeSuppressed(result.findings);
  if (suppressed) lines.push(`${suppressed}.`, "");
  return `${lines.join("\n").trimEnd()}\n`;
};
