import { countFindings, displayPath, type Reporter } from "./context.js";
import { perService } from "./services.js";

/**
 * A stable, documented shape (docs/arch-lint.md, "JSON output"). `version`
 * changes only when a field changes meaning or disappears.
 */
export const JSON_FORMAT_VERSION = 1;

export const json: Reporter = (result, ctx) => {
  const counts = countFindings(result.findings);
  const path = (file: string) => displayPath(result, ctx, file);
  const output = {
    version: JSON_FORMAT_VERSION,
    tool: { name: "arch-lint", version: ctx.toolVersion },
    summary: {
      text: result.summary,
      errors: counts.errors,
      warnings: counts.warnings,
      suppressed: counts.suppressed,
      services: result.model.services.length,
      routes: result.model.routes.length,
      // Calls services make (not those of code no service owns, such as a browser front end's).
      calls: result.model.calls.filter((c) => c.service).length,
      unresolvedCalls: result.model.calls.filter((c) => c.service && !c.targetService).length,
      filesParsed: result.model.stats.filesParsed,
      filesSkipped: result.model.stats.filesSkipped,
      // `services` is the count (format version 1): what was found in each service is listed here.
      perService: perService(result),
    },
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      messageId: f.messageId,
      message: f.message,
      data: f.data,
      location: { ...f.location, file: path(f.location.file) },
      evidence: f.evidence.map((e) => ({ message: e.message, location: { ...e.location, file: path(e.location.file) } })),
      fingerprint: f.fingerprint,
      ...(f.suppressed ? { suppressed: f.suppressed } : {}),
    })),
    diagnostics: result.diagnostics.map((d) => ({ ...d, ...(d.file ? { file: path(d.file) } : {}) })),
  };
  return `${JSON.stringify(output, null, 2)}\n`;
};
