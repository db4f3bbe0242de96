import { describe, expect, it } from "vitest";
import { lintTree } from "./helpers.js";

/** Serverless Framework http and httpApi events are routes of the functions' handlers (src/lint/serverless-routes.ts). */
describe("[I] Serverless Framework HTTP events", () => {
  it("each event is a route of the export its handler names, through `export *` and a middy chain; the forms written short too", () => {
    const result = lintTree({
      "billing/package.json": { name: "billing", dependencies: { "@middy/core": "*" } },
      "billing/serverless.yml": [
        "service: billing",
        "provider:",
        "  name: aws",
        "functions:",
        "  invoices:",
        "    handler: src/entry.invoices",
        "    events:",
        "      - httpApi:",
        "          path: /invoices/{invoiceId}",
        "          method: get",
        "      - http: post invoices",
        "  refunds:",
        "    handler: src/entry.refunds",
        "    events:",
        "      - httpApi: 'DELETE /v2/refunds/{id}'",
        "      - sqs: arn:aws:sqs:eu-west-1:1:refunds",
        "",
      ].join("\n"),
      "billing/src/entry.ts": `export * from "./handlers/invoices";\nexport * from "./handlers/refunds";\n`,
      "billing/src/handlers/invoices.ts": `import middy from "@middy/core";\nexport const invoices = middy(async (event: unknown) => ({ statusCode: 200 })).use({ before: async () => undefined });\n`,
      "billing/src/handlers/refunds.ts": `export async function refunds(event: unknown) {\n  await fetch(\`\${process.env.LEDGER_URL}/v1/refunds\`, { method: "DELETE", signal: AbortSignal.timeout(900) });\n  return { statusCode: 204 };\n}\n`,
    });
    expect(result.model.routes.map((r) => `${r.method} ${r.path} ${r.location.file}:${r.location.line} ${r.handler}`)).toEqual([
      "GET /invoices/:invoiceId billing/serverless.yml:8 billing/src/handlers/invoices.ts#fn:invoices",
      "POST /invoices billing/serverless.yml:11 billing/src/handlers/invoices.ts#fn:invoices",
      "DELETE /v2/refunds/:id billing/serverless.yml:15 billing/src/handlers/refunds.ts#fn:refunds",
    ]);
    expect(result.findings.filter((f) => f.ruleId === "unversioned-route").map((f) => `${f.data.method} ${f.data.path}`)).toEqual(["GET /invoices/:invoiceId", "POST /invoices"]);
  });
});
