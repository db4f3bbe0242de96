import { describe, expect, it } from "vitest";
import { REPORTERS } from "../../../src/lint/report/index.js";
import type { LintResult, ServiceInfo } from "../../../src/lint/types.js";
import { cannedResult, ctx } from "./canned.js";

const loc = (file: string, line: number) => ({ file, line, column: 1 });
const svc = (name: string, language?: string): ServiceInfo => ({
  name,
  root: `services/${name}`,
  sources: ["compose"],
  hosts: [name],
  ports: [],
  env: {},
  envSources: {},
  ...(language ? { language } : {}),
  location: loc("docker-compose.yml", 1),
});

/** The canned result with three services: orders found in full, users with a driver it could not follow, ledger in Java. */
function threeServices(): LintResult {
  const result = cannedResult();
  result.model = {
    ...result.model,
    services: [svc("orders"), svc("users"), svc("ledger", "java")],
    routes: [
      { id: "orders GET /v1/a", service: "orders", framework: "express", method: "GET", path: "/v1/a", location: loc("services/orders/src/app.ts", 7), mountChain: [] },
      { id: "users GET /v1/u", service: "users", framework: "express", method: "GET", path: "/v1/u", location: loc("services/users/src/app.ts", 3), mountChain: [] },
    ],
    calls: [{ id: "c", service: "orders", client: "fetch", method: "GET", url: "${X}/v1/u", awaited: true, parallel: false, location: loc("services/orders/src/c.ts", 2) }],
    datastores: [
      { identity: "postgres://db:5432/shop", engine: "postgres", library: "pg", service: "orders", resolution: "literal", location: loc("services/orders/src/db.ts", 4) },
      { identity: "postgres://db:5432/ledger", engine: "postgres", library: "java (environment)", service: "ledger", resolution: "SPRING_DATASOURCE_URL", location: loc("docker-compose.yml", 12) },
    ],
  };
  result.diagnostics = [
    result.diagnostics[0]!,
    { kind: "not-understood", service: "users", file: "services/users/src/db.ts", line: 3, message: "users imports pg at services/users/src/db.ts:3, but no connection URL could be resolved" },
  ];
  return result;
}

describe("[U] what was found per service, in every report", () => {
  it("stylish: one line per service under the summary, a service in another language marked, what was not understood listed first without repeating its place", () => {
    const text = REPORTERS.get("stylish")!(threeServices(), ctx);
    expect(text.split("\n").slice(0, 4)).toEqual([
      "  orders  1 route, 1 call (1 not resolved), 1 datastore, 0 topics",
      "  users   1 route, 0 calls, 0 datastores, 0 topics; 1 thing not understood",
      "  ledger  not scanned (java); 1 datastore named by its environment",
      "",
    ]);
    expect(text).toContain("2 diagnostics:\n  users imports pg at services/users/src/db.ts:3, but no connection URL could be resolved (not-understood)\n  services/orders/src/broken.ts:3  syntax error");
  });

  it("stylish: nothing more for one service, whose counts the summary line already gives", () => {
    const result = threeServices();
    result.model.services = [svc("orders")];
    expect(REPORTERS.get("stylish")!(result, ctx)).not.toContain("1 route, 1 call");
  });

  it("stylish: with no finding, a blank line between the services and the verdict", () => {
    const result = threeServices();
    result.findings = [];
    result.diagnostics = [];
    expect(REPORTERS.get("stylish")!(result, ctx)).toBe(
      "  orders  1 route, 1 call (1 not resolved), 1 datastore, 0 topics\n  users   1 route, 0 calls, 0 datastores, 0 topics\n  ledger  not scanned (java); 1 datastore named by its environment\n\n✔ no problems found\n",
    );
  });

  it("json: summary.perService, structured", () => {
    const out = JSON.parse(REPORTERS.get("json")!(threeServices(), ctx));
    expect(out.summary.services).toBe(3);
    expect(out.summary.perService).toEqual([
      { name: "orders", routes: 1, calls: 1, unresolvedCalls: 1, datastores: 1, unresolvedDatastores: 0, topics: 0, notUnderstood: 0 },
      { name: "users", routes: 1, calls: 0, unresolvedCalls: 0, datastores: 0, unresolvedDatastores: 0, topics: 0, notUnderstood: 1 },
      { name: "ledger", language: "java", routes: 0, calls: 0, unresolvedCalls: 0, datastores: 1, unresolvedDatastores: 0, topics: 0, notUnderstood: 0 },
    ]);
    expect(out.diagnostics[1]).toMatchObject({ kind: "not-understood", service: "users", file: "services/users/src/db.ts", line: 3 });
  });

  it("sarif: the run's properties carry the summary and the per-service counts; not-understood is a warning notification", () => {
    const run = JSON.parse(REPORTERS.get("sarif")!(threeServices(), ctx)).runs[0];
    expect(run.properties.summary).toBe(threeServices().summary);
    expect(run.properties.perService.map((s: { name: string }) => s.name)).toEqual(["orders", "users", "ledger"]);
    expect(run.invocations[0].toolExecutionNotifications[1]).toMatchObject({ level: "warning", message: { text: expect.stringMatching(/^users imports pg .* \(not-understood\)$/) } });
  });

  it("markdown: a folded table per service and a list of what was not understood", () => {
    const text = REPORTERS.get("markdown")!(threeServices(), ctx);
    expect(text).toContain("<details><summary>Found per service</summary>\n\n| Service | Found |\n| --- | --- |\n| orders | 1 route, 1 call (1 not resolved), 1 datastore, 0 topics |");
    expect(text).toContain("| ledger | not scanned (java); 1 datastore named by its environment |");
    expect(text).toContain("**Not understood** (1):\n\n- users imports pg at services/users/src/db.ts:3, but no connection URL could be resolved\n");
  });

  it("github: a folded group per service (no annotation spent on it), and what was not understood is the first notice", () => {
    const lines = REPORTERS.get("github")!(threeServices(), ctx).trim().split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "::group::arch-lint: found per service",
      "orders  1 route, 1 call (1 not resolved), 1 datastore, 0 topics",
      "users   1 route, 0 calls, 0 datastores, 0 topics; 1 thing not understood",
      "ledger  not scanned (java); 1 datastore named by its environment",
      "::endgroup::",
    ]);
    const notices = lines.filter((line) => line.startsWith("::notice"));
    expect(notices[0]).toBe("::notice file=services/users/src/db.ts,line=3::users imports pg at services/users/src/db.ts:3, but no connection URL could be resolved (not-understood)");
  });
});
