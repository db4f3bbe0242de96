import type { RuleMeta } from "../types.js";
import { displayPath, type Reporter } from "./context.js";
import { perService } from "./services.js";

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: rules with help text and
 * helpUri, results with partialFingerprints, evidence as relatedLocations,
 * inline suppressions as `suppressions` (kind "inSource"), diagnostics as
 * tool execution notifications rather than results.
 */

const LEVEL = { error: "error", warn: "warning" } as const;

/** SARIF `help`: the rule's documentation page when the package has it, else its description; with the link when there is one. */
function ruleHelpText(rule: RuleMeta): { text: string; markdown: string } {
  const link = rule.docsUrl ? `\n\n[Rule documentation](${rule.docsUrl})` : "";
  if (rule.help) return { text: rule.help, markdown: `${rule.help}${link}` };
  return { text: rule.docsUrl ? `${rule.description} See ${rule.docsUrl}` : rule.description, markdown: `${rule.description}${link}` };
}

export const sarif: Reporter = (result, ctx) => {
  const path = (file: string) => displayPath(result, ctx, file);
  const ruleIndex = new Map(result.rules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "arch-lint",
            version: ctx.toolVersion,
            // Links only where package.json names the repository: never a made-up address.
            ...(result.guideUrl ? { informationUri: result.guideUrl } : {}),
            rules: result.rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/(^|-)(\w)/g, (_, __, ch: string) => ch.toUpperCase()),
              shortDescription: { text: rule.description },
              fullDescription: { text: rule.description },
              ...(rule.docsUrl ? { helpUri: rule.docsUrl } : {}),
              help: ruleHelpText(rule),
              defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
              properties: { tags: ["architecture", "microservices"] },
            })),
          },
        },
        // Per the SARIF spec §3.14.23, run.results must be present even if there are no results.
        results: result.findings.map((finding) => ({
          ruleId: finding.ruleId,
          ruleIndex: ruleIndex.get(finding.ruleId) ?? 0,
          level: LEVEL[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: path(finding.location.file) },
                region: { startLine: finding.location.line, startColumn: finding.location.column },
              },
            },
          ],
          relatedLocations: finding.evidence.map((hop, index) => ({
            id: index + 1,
            message: { text: hop.message },
            physicalLocation: { artifactLocation: { uri: path(hop.location.file) }, region: { startLine: hop.location.line, startColumn: hop.location.column } },
          })),
          partialFingerprints: { "archLintFingerprint/v1": finding.fingerprint },
          ...(finding.suppressed ? { suppressions: [{ kind: finding.suppressed.kind, ...(finding.suppressed.justification ? { justification: finding.suppressed.justification } : {}) }] } : {}),
        })),
        // What the scan understood, per service: a property bag (SARIF §3.8) that code scanning keeps with the run.
        properties: { summary: result.summary, perService: perService(result) },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.diagnostics.map((d) => ({
              level: d.kind === "unused-suppression" ? "note" : "warning",
              message: { text: `${d.message} (${d.kind})` },
              ...(d.file ? { locations: [{ physicalLocation: { artifactLocation: { uri: path(d.file) }, ...(d.line ? { region: { startLine: d.line } } : {}) } }] } : {}),
            })),
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
