import { displayPath, type Reporter } from "./context.js";
import { perService, serviceLines, showsPerService } from "./services.js";

/**
 * GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
 * GitHub shows only the first few annotations per step, so errors come first.
 * The markdown summary for $GITHUB_STEP_SUMMARY is written by the CLI.
 */

/** Escaping from the Actions toolkit (`@actions/core` command.ts): data and property values differ. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export const github: Reporter = (result, ctx) => {
  const visible = result.findings.filter((f) => !f.suppressed);
  const ordered = [...visible.filter((f) => f.severity === "error"), ...visible.filter((f) => f.severity !== "error")];
  const lines = ordered.map((finding) => {
    const command = finding.severity === "error" ? "error" : "warning";
    const file = escapeProperty(displayPath(result, ctx, finding.location.file));
    const evidence = finding.evidence.map((hop) => `${displayPath(result, ctx, hop.location.file)}:${hop.location.line} ${hop.message}`).join("\n");
    const message = escapeData(`${finding.message}${evidence ? `\n${evidence}` : ""}`);
    return `::${command} file=${file},line=${finding.location.line},col=${finding.location.column},title=${escapeProperty(`arch-lint ${finding.ruleId}`)}::${message}`;
  });
  // What the scan could not understand comes first among the notices (GitHub shows 10 per step).
  const notices = result.diagnostics.filter((d) => d.kind !== "unused-suppression");
  for (const d of [...notices.filter((n) => n.kind === "not-understood"), ...notices.filter((n) => n.kind !== "not-understood")].slice(0, 10)) {
    lines.push(`::notice${d.file ? ` file=${escapeProperty(displayPath(result, ctx, d.file))}${d.line ? `,line=${d.line}` : ""}` : ""}::${escapeData(`${d.message} (${d.kind})`)}`);
  }
  // What was found per service, folded in the log: a group is no annotation, so it takes none of the step's few.
  if (showsPerService(result)) lines.unshift("::group::arch-lint: found per service", ...serviceLines(perService(result), Number.POSITIVE_INFINITY), "::endgroup::");
  return lines.length ? `${lines.join("\n")}\n` : "";
};
