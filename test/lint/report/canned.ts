import type { LintResult } from "../../../src/lint/types.js";

/** A canned result: two findings (an error with evidence, a warning), one suppressed, one diagnostic. */
export function cannedResult(): LintResult {
  const loc = (file: string, line: number) => ({ file, line, column: 3 });
  return {
    root: "/repo",
    summary: "arch-lint understood 2 services (orders, users), 3 routes, 1 sync call (0 not resolved to a service), 1 datastore, 0 topics; 4 files parsed, 1 skipped",
    rules: [
      { id: "shared-database", description: "Each service owns its data.", defaultSeverity: "error", docsUrl: "https://example.test/docs/rules/shared-database.md" },
      { id: "unversioned-route", description: "Routes are versioned.", defaultSeverity: "error", docsUrl: "https://example.test/docs/rules/unversioned-route.md" },
    ],
    findings: [
      {
        ruleId: "shared-database",
        severity: "error",
        messageId: "sharedConnection",
        message: "orders and users connect to the same datastore postgres://db:5432/shop, 100% sure",
        data: {},
        location: loc("services/users/src/db.ts", 2),
        evidence: [
          { message: "orders connects", location: loc("services/orders/src/db.ts", 4) },
          { message: "users connects", location: loc("services/users/src/db.ts", 2) },
        ],
        fingerprint: "0123456789abcdef",
      },
      { ruleId: "unversioned-route", severity: "warn", messageId: "unversioned", message: "GET /a has no version", data: {}, location: loc("services/orders/src/app.ts", 7), evidence: [], fingerprint: "fedcba9876543210" },
      {
        ruleId: "unversioned-route",
        severity: "error",
        messageId: "unversioned",
        message: "GET /legacy has no version",
        data: {},
        location: loc("services/orders/src/app.ts", 9),
        evidence: [],
        fingerprint: "1111111111111111",
        suppressed: { kind: "inSource", justification: "old clients" },
      },
    ],
    diagnostics: [{ kind: "parse-error", file: "services/orders/src/broken.ts", line: 3, message: "syntax error: ';' expected" }],
    model: { services: [], libraries: [], routes: [], calls: [], datastores: [], tables: [], topics: [], imports: [], edges: {}, fileService: {}, stats: { filesParsed: 4, filesSkipped: 1 } },
  };
}

export const ctx = { cwd: "/repo", color: false, toolVersion: "0.1.0" };
