import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/lint/config.js";
import { lint } from "../../src/lint/engine.js";
import type { LintResult } from "../../src/lint/types.js";
import type { ExpectedDiagnostic, ExpectedFinding, ExpectedService, ExpectedTopic, RealWorldExpectation } from "./real-world/expectation.js";

/**
 * Small monorepos laid out the way public microservice repositories are (test/fixtures/lint/real-world),
 * each with the model and findings a careful reader expects. One module per layout in ./real-world.
 */
const FIXTURES = fileURLToPath(new URL("../fixtures/lint/real-world/", import.meta.url));
const EXPECTATIONS = fileURLToPath(new URL("./real-world/", import.meta.url));

const modules = readdirSync(EXPECTATIONS).filter((name) => name.endsWith(".ts") && name !== "expectation.ts").sort();
const expectations: RealWorldExpectation[] = [];
for (const name of modules) expectations.push(((await import(`./real-world/${name}`)) as { default: RealWorldExpectation }).default);

function servicesOf(result: LintResult): ExpectedService[] {
  const { model } = result;
  return model.services
    .map((service) => {
      const stores = model.datastores.filter((d) => d.service === service.name).map((d) => d.identity ?? `${d.engine}: unresolved`);
      return {
        name: service.name,
        root: service.root,
        ...(service.language ? { language: service.language } : {}),
        routes: model.routes.filter((r) => r.service === service.name).length,
        datastores: [...new Set(stores)].sort(),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function topicsOf(result: LintResult): ExpectedTopic[] {
  const seen = new Map<string, ExpectedTopic>();
  for (const t of result.model.topics) {
    const topic: ExpectedTopic = { service: t.service, system: String(t.system), topic: t.topic, role: t.role };
    seen.set(JSON.stringify(topic), topic);
  }
  return [...seen.values()].sort(byJson);
}

function findingsOf(result: LintResult): ExpectedFinding[] {
  return result.findings
    .map((f) => ({
      rule: f.ruleId,
      services: String(f.data.services ?? f.data.service ?? ""),
      at: `${f.location.file}:${f.location.line}`,
      // A chain is only as right as each hop it names: the route, every call on the way, every route reached.
      ...(f.ruleId === "sync-call-chain" ? { hops: f.evidence.map((hop) => `${hop.location.file}:${hop.location.line}`) } : {}),
    }))
    .sort(byJson);
}

function diagnosticsOf(result: LintResult): ExpectedDiagnostic[] {
  return result.diagnostics.map((d) => ({ kind: d.kind, ...(d.service ? { service: d.service } : {}) })).sort(byJson);
}

function byJson(a: object, b: object): number {
  return JSON.stringify(a).localeCompare(JSON.stringify(b));
}

describe("real-world layouts (test/fixtures/lint/real-world)", () => {
  it("has an expectation for every fixture folder", () => {
    const folders = readdirSync(FIXTURES).sort();
    expect(expectations.map((e) => e.layout).sort()).toEqual(folders);
  });

  // One test per layout, linting inside it: a scan at collection (in the describe body or a beforeAll) runs outside
  // any test, so mutation testing could not tell which test covers which code (Stryker's "static" mutants).
  for (const expected of expectations) {
    it(`${expected.layout}: ${expected.mirrors}`, () => {
      const root = `${FIXTURES}${expected.layout}`;
      const result = lint({ cwd: root, paths: ["."], config: defaultConfig(root) });
      const libraries = (result.model.libraries ?? []).map((l) => ({ name: l.name, root: l.root })).sort(byJson);
      // Soft: a layout that goes wrong shows every part that differs, not only the first.
      expect.soft(servicesOf(result), "the services a reader names, with their roots, routes and datastores").toEqual([...expected.services].sort((a, b) => a.name.localeCompare(b.name)));
      expect.soft(libraries, "the libraries, which are not services").toEqual([...expected.libraries].sort(byJson));
      expect.soft(topicsOf(result), "each topic with its transport").toEqual([...expected.topics].sort(byJson));
      expect.soft(findingsOf(result), "exactly the findings a reader expects, on the right service and line").toEqual([...expected.findings].sort(byJson));
      expect.soft(diagnosticsOf(result), `what it could not understand, and nothing else:\n${result.diagnostics.map((d) => d.message).join("\n")}`).toEqual([...expected.diagnostics].sort(byJson));
    });
  }
});
