import { countFindings, describeSuppressed, displayPath, paint, plural, type Reporter } from "./context.js";
import type { Diagnostic, Finding } from "../types.js";
import { perService, serviceLines, showsPerService } from "./services.js";

/** Services beyond this many are left to --format json: a CI log is read, not searched. */
const MAX_SERVICE_LINES = 50;

/** For terminals: grouped by file, colour, the offending line, evidence, summary counts. */
export const stylish: Reporter = (result, ctx) => {
  const c = paint(ctx.color);
  const visible = result.findings.filter((f) => !f.suppressed);
  const byFile = new Map<string, Finding[]>();
  for (const finding of visible) {
    const list = byFile.get(finding.location.file) ?? [];
    list.push(finding);
    byFile.set(finding.location.file, list);
  }
  const lines: string[] = [];
  // Under the summary line (which the CLI prints first): what was found in each service, so an empty one stands out.
  if (showsPerService(result)) {
    const services = perService(result);
    serviceLines(services, MAX_SERVICE_LINES).forEach((line, index) => {
      const service = services[index];
      lines.push(service && (service.notUnderstood || service.language) ? c("yellow", `  ${line}`) : c("dim", `  ${line}`));
    });
  }
  for (const [file, findings] of byFile) {
    lines.push("", c("underline", displayPath(result, ctx, file)));
    for (const finding of findings) {
      const position = `${finding.location.line}:${finding.location.column}`.padEnd(7);
      const severity = finding.severity === "error" ? c("red", "error") : c("yellow", "warn ");
      lines.push(`  ${c("dim", position)} ${severity}  ${finding.message}  ${c("dim", finding.ruleId)}`);
      const source = ctx.sourceLine?.(finding.location.file, finding.location.line);
      if (source !== undefined) lines.push(c("dim", `  ${String(finding.location.line).padStart(6)} | `) + source.trimEnd().slice(0, 160));
      for (const hop of finding.evidence) {
        lines.push(c("dim", `          ↳ ${displayPath(result, ctx, hop.location.file)}:${hop.location.line}  ${hop.message}`));
      }
    }
  }
  const counts = countFindings(result.findings);
  const total = counts.errors + counts.warnings;
  if (total) {
    const text = `✖ ${plural(total, "problem")} (${plural(counts.errors, "error")}, ${plural(counts.warnings, "warning")})`;
    lines.push("", counts.errors ? c("red", c("bold", text)) : c("yellow", c("bold", text)));
  } else if (!result.model.services.length) {
    // No finding because nothing was looked at: never a green tick.
    lines.push(c("yellow", c("bold", "⚠ nothing was checked: no service was found (see the diagnostic below)")));
  } else {
    // Apart from the per-service lines above it, as the problem count is from the findings.
    lines.push(...(lines.length ? [""] : []), c("green", "✔ no problems found"));
  }
  const suppressed = describeSuppressed(result.findings);
  if (suppressed) lines.push(c("dim", suppressed));
  // What the scan could not understand first: the rest (a file it could not parse, an unused suppression) matters less.
  const diagnostics = [...result.diagnostics.filter((d) => d.kind === "not-understood"), ...result.diagnostics.filter((d) => d.kind !== "not-understood")];
  if (diagnostics.length) {
    lines.push("", c("dim", `${plural(diagnostics.length, "diagnostic")}:`));
    for (const d of diagnostics.slice(0, 20)) lines.push(c("dim", `  ${where(d, (file) => displayPath(result, ctx, file))}${d.message} (${d.kind})`));
    if (diagnostics.length > 20) lines.push(c("dim", `  … and ${diagnostics.length - 20} more (see --format json)`));
  }
  return `${lines.join("\n").replace(/^\n/, "")}\n`;
};

/** A diagnostic's place in front of its message, unless the message names it ("orders imports pg at src/db.ts:3, …"). */
function where(d: Diagnostic, path: (file: string) => string): string {
  if (!d.file || d.kind === "not-understood") return "";
  return `${path(d.file)}${d.line ? `:${d.line}` : ""}  `;
}
