import type { Finding, LintResult } from "../types.js";
import { displayPath, type ReportContext, type Reporter } from "./context.js";
import { describeService, perService } from "./services.js";

/**
 * JUnit XML, for the CI servers that show test reports and nothing else (Jenkins' JUnit plugin,
 * GitLab's `artifacts:reports:junit`, Azure Pipelines' PublishTestResults): one <testsuite> per
 * rule, one <testcase> per rule and service (it passes when the rule found nothing in that
 * service), one <failure> per finding, with the location, message and evidence hops in its body.
 * The shape is the one Jenkins' junit-4 XSD describes (several failures per test case, `skipped`
 * as text); test/lint/report/junit.test.ts validates against it. Suppressed findings are no
 * failures. A rule turned off, and a service in a language arch-lint does not scan, are skipped
 * test cases: nothing was checked there, which must not read as a pass. What the scan understood
 * and could not understand goes into a last suite, `arch-lint`, as its system-out.
 */

/** Characters XML 1.0 cannot carry at all (C0 controls but tab and newlines, lone surrogates, U+FFFE/F): shown as U+FFFD. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(text: string): string {
  return text.replace(NOT_XML, "\uFFFD").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** An attribute value in double quotes; line breaks and tabs as references, since a parser turns literal ones into spaces. */
export function xmlAttribute(text: string): string {
  return xmlText(text).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}

/** The test case a finding fails: the service its primary location is in. */
const NO_SERVICE = "(no service)";

function serviceOf(result: LintResult, finding: Finding): string {
  const file = finding.location.file;
  const scanned = result.model.fileService[file];
  if (scanned) return scanned;
  // A file no extractor read (a compose file, a manifest): the service whose folder holds it, the deepest first.
  const owner = result.model.services
    .filter((service) => service.root === "" || file.startsWith(`${service.root}/`))
    .sort((a, b) => b.root.length - a.root.length)[0];
  return owner?.name ?? NO_SERVICE;
}

function failureBody(result: LintResult, ctx: ReportContext, finding: Finding, docsUrl: string | undefined): string {
  const path = (file: string) => displayPath(result, ctx, file);
  const lines = [`${finding.severity === "error" ? "error" : "warning"} at ${path(finding.location.file)}:${finding.location.line}:${finding.location.column}`, finding.message];
  if (finding.evidence.length) {
    lines.push("", "Evidence:");
    finding.evidence.forEach((hop, index) => lines.push(`  ${index + 1}. ${path(hop.location.file)}:${hop.location.line} ${hop.message}`));
  }
  lines.push("", `Fingerprint: ${finding.fingerprint}`);
  if (docsUrl) lines.push(`Rule: ${docsUrl}`);
  return lines.join("\n");
}

export const junit: Reporter = (result, ctx) => {
  const services = perService(result);
  const visible = result.findings.filter((finding) => !finding.suppressed);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;

  for (const rule of result.rules) {
    const found = visible.filter((finding) => finding.ruleId === rule.id);
    const byService = new Map<string, Finding[]>(services.map((service) => [service.name, []]));
    for (const finding of found) {
      const service = serviceOf(result, finding);
      const list = byService.get(service);
      if (list) list.push(finding);
      else byService.set(service, [finding]);
    }
    const cases: string[] = [];
    let suiteFailures = 0;
    let suiteSkipped = 0;
    for (const [service, findings] of byService) {
      const open = `    <testcase name="${xmlAttribute(service)}" classname="${xmlAttribute(`arch-lint.${rule.id}`)}" time="0"`;
      const language = services.find((s) => s.name === service)?.language;
      const skippedBecause = rule.off ? `the rule ${rule.id} is turned off` : language && !findings.length ? `not scanned (${language})` : undefined;
      if (skippedBecause) {
        suiteSkipped++;
        cases.push(`${open}>`, `      <skipped>${xmlText(skippedBecause)}</skipped>`, "    </testcase>");
      } else if (!findings.length) {
        cases.push(`${open}/>`);
      } else {
        suiteFailures++;
        cases.push(`${open}>`);
        for (const finding of findings) {
          const type = finding.severity === "error" ? "error" : "warning";
          cases.push(`      <failure message="${xmlAttribute(finding.message)}" type="${type}">${xmlText(failureBody(result, ctx, finding, rule.docsUrl))}</failure>`);
        }
        // Jenkins' test page shows a case's first failure only, and its output: the output lists them all.
        if (findings.length > 1) {
          const list = findings.map((finding, index) => `${index + 1}. ${displayPath(result, ctx, finding.location.file)}:${finding.location.line} ${finding.message}`);
          cases.push(`      <system-out>${xmlText([`${findings.length} findings of ${rule.id} in ${service}:`, ...list].join("\n"))}</system-out>`);
        }
        cases.push("    </testcase>");
      }
    }
    const suiteTests = byService.size;
    tests += suiteTests;
    failures += suiteFailures;
    skipped += suiteSkipped;
    suites.push(
      `  <testsuite name="${xmlAttribute(rule.id)}" tests="${suiteTests}" failures="${suiteFailures}" errors="0" skipped="${suiteSkipped}" time="0">`,
      ...cases,
      "  </testsuite>",
    );
  }

  // What the scan understood, and what it could not: a reader of the test report sees it too.
  const scanLines = [result.summary, ...services.map((service) => `${service.name}: ${describeService(service)}`)];
  if (result.diagnostics.length) {
    scanLines.push("", "Diagnostics:");
    for (const d of result.diagnostics) scanLines.push(`  ${d.file ? `${displayPath(result, ctx, d.file)}${d.line ? `:${d.line}` : ""}: ` : ""}${d.message} (${d.kind})`);
  }
  suites.push(`  <testsuite name="arch-lint" tests="0" failures="0" errors="0" skipped="0" time="0">`, `    <system-out>${xmlText(scanLines.join("\n"))}</system-out>`, "  </testsuite>");

  // No `skipped` here: the Jenkins schema has it on a testsuite only.
  out.push(`<testsuites name="arch-lint" tests="${tests}" failures="${failures}" errors="0" disabled="${skipped}" time="0">`, ...suites, "</testsuites>");
  return `${out.join("\n")}\n`;
};
