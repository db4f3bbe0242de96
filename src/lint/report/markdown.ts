import { countFindings, describeSuppressed, displayPath, plural, type Reporter } from "./context.js";
import { describeService, perService, showsPerService } from "./services.js";

/** Pull-request comments have a size limit: more than this many rows of a list go to --format json. */
const MAX_ROWS = 50;

/**
 * Findings shown, with their evidence: a pull-request comment holds 65,536 characters and a step
 * summary 1 MiB (GitHub refuses a larger one whole), and a finding with its hops takes up to a few
 * hundred; the rest are counted and left to --format json.
 */
const MAX_FINDINGS = 100;

/** For pull-request comments and $GITHUB_STEP_SUMMARY: a table, then the evidence per finding. */

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export const markdown: Reporter = (result, ctx) => {
  const counts = countFindings(result.findings);
  const visible = result.findings.filter((f) => !f.suppressed);
  const lines: string[] = [];
  // No finding because no service was found is no all-clear.
  const nothingChecked = !result.model.services.length && !result.findings.length;
  const status = counts.errors ? "❌" : counts.warnings || nothingChecked ? "⚠️" : "✅";
  const headline = nothingChecked ? "nothing was checked: no service was found" : `${plural(counts.errors, "error")}, ${plural(counts.warnings, "warning")}`;
  lines.push(`### ${status} arch-lint: ${headline}`, "", `_${result.summary}_`, "");
  if (showsPerService(result)) {
    const services = perService(result);
    lines.push("<details><summary>Found per service</summary>", "", "| Service | Found |", "| --- | --- |");
    for (const service of services.slice(0, MAX_ROWS)) lines.push(`| ${cell(service.name)} | ${cell(describeService(service))} |`);
    if (services.length > MAX_ROWS) lines.push(`| … | ${services.length - MAX_ROWS} more services (see --format json) |`);
    lines.push("", "</details>", "");
  }
  // Silence must not look like health: what the scan could not understand is said, in the step summary too.
  const notUnderstood = result.diagnostics.filter((d) => d.kind === "not-understood");
  if (notUnderstood.length) {
    lines.push(`**Not understood** (${notUnderstood.length}):`, "");
    for (const d of notUnderstood.slice(0, MAX_ROWS)) lines.push(`- ${cell(d.message)}`);
    if (notUnderstood.length > MAX_ROWS) lines.push(`- … and ${notUnderstood.length - MAX_ROWS} more (see --format json)`);
    lines.push("");
  }
  if (visible.length) {
    // With more findings than rows, errors first: the ones that fail the run are those shown.
    const shown = visible.length <= MAX_FINDINGS ? visible : [...visible.filter((f) => f.severity === "error"), ...visible.filter((f) => f.severity !== "error")].slice(0, MAX_FINDINGS);
    lines.push("| Severity | Rule | Location | Message |", "| --- | --- | --- | --- |");
    for (const f of shown) {
      const rule = result.rules.find((r) => r.id === f.ruleId);
      const ruleCell = rule?.docsUrl ? `[${f.ruleId}](${rule.docsUrl})` : f.ruleId;
      lines.push(`| ${f.severity} | ${ruleCell} | \`${displayPath(result, ctx, f.location.file)}:${f.location.line}\` | ${cell(f.message)} |`);
    }
    if (visible.length > shown.length) lines.push(`| … | | | ${visible.length - shown.length} more findings (see --format json) |`);
    lines.push("");
    for (const f of shown.filter((finding) => finding.evidence.length)) {
      lines.push(`<details><summary>${cell(f.ruleId)} at ${displayPath(result, ctx, f.location.file)}:${f.location.line}</summary>`, "");
      for (const hop of f.evidence) lines.push(`1. \`${displayPath(result, ctx, hop.location.file)}:${hop.location.line}\` ${hop.message}`);
      lines.push("", "</details>", "");
    }
  }
  const suppressed = describeSuppressed(result.findings);
  if (suppressed) lines.push(`${suppressed}.`, "");
  return `${lines.join("\n").trimEnd()}\n`;
};
