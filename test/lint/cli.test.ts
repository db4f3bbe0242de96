import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/arch-lint.js";
import { defaultConfig } from "../../src/lint/config.js";
import { lint } from "../../src/lint/engine.js";
import { RULES } from "../../src/lint/rules/index.js";
import { tempDir } from "../helpers/temp.js";
import { Capture, runArchLint } from "../helpers/arch-lint-in-process.js";
import { service, writeTree } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = join(ROOT, "test/fixtures/lint");
const SHOP = join(FIXTURES, "shop");
const CLEAN = join(FIXTURES, "clean");
const RULE_IDS = RULES.map((rule) => rule.meta.id).join(", ");

/** A stdout whose every write throws, as a bug in a reporter would. */
class Throwing extends Capture {
  override write(): boolean {
    throw new TypeError("boom");
  }
}

const run = runArchLint;

describe("[I] arch-lint CLI in-process", () => {
  it("exit 1 with findings, the summary line first, grouped by file", async () => {
    const { code, stdout } = await run([], SHOP);
    expect(code).toBe(1);
    const lines = stdout.split("\n");
    expect(lines[0]).toMatch(/^arch-lint understood 3 services \(billing, orders, users\), 7 routes, 2 sync calls \(0 not resolved to a service\), 2 datastores, 1 topic; 7 files parsed, 0 skipped$/);
    expect(stdout).toContain("services/orders/src/routes/orders.ts");
    expect(stdout).toContain("✖ 4 problems (3 errors, 1 warning)");
    expect(stdout).not.toMatch(/\u001b\[/);
  });

  it("exit 0 on a clean service, and colour only when asked", async () => {
    expect((await run([], CLEAN)).code).toBe(0);
    expect((await run([], SHOP, { FORCE_COLOR: "1" })).stdout).toMatch(/\u001b\[31m/);
    expect((await run(["--no-color"], SHOP, { FORCE_COLOR: "1" })).stdout).not.toMatch(/\u001b\[/);
  });

  it("--rule decides what runs", async () => {
    const off = await run(["--rule", "shared-database=off", "--rule", "unversioned-route=off"], SHOP);
    expect(off.stdout).toContain("✖ 1 problem (0 errors, 1 warning)");
    expect(off.code).toBe(0);
  });

  it("--max-warnings N: exactly N warnings pass, N + 1 fail, with one line saying so", async () => {
    const warnings = ["--rule", "shared-database=off", "--rule", "unversioned-route=warn"];
    const all = await run(warnings, SHOP);
    expect(all.stdout).toContain("✖ 2 problems (0 errors, 2 warnings)");
    expect(all.code).toBe(0);
    const atLimit = await run([...warnings, "--max-warnings", "2"], SHOP);
    expect(atLimit.code).toBe(0);
    expect(atLimit.stderr).toBe("");
    const overLimit = await run([...warnings, "--max-warnings", "1"], SHOP);
    expect(overLimit.code).toBe(1);
    expect(overLimit.stderr).toBe("arch-lint: 2 warnings, more than --max-warnings 1\n");
  });

  it("--quiet reports the errors and leaves the warnings out", async () => {
    const everything = await run([], SHOP);
    expect(everything.stdout).toContain("sync-call-chain");
    const quiet = await run(["--quiet"], SHOP);
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).toContain("✖ 3 problems (3 errors, 0 warnings)");
    expect(quiet.stdout.match(/ error {2}.*  (shared-database|unversioned-route)$/gm)).toHaveLength(3);
    expect(quiet.stdout).not.toContain("sync-call-chain");
    const json = await run(["--quiet", "--format", "json"], SHOP);
    expect((JSON.parse(json.stdout) as { findings: { ruleId: string; severity: string }[] }).findings.map((f) => `${f.severity} ${f.ruleId}`)).toEqual([
      "error shared-database",
      "error unversioned-route",
      "error shared-database",
    ]);
    expect(json.stderr).toBe("");
  });

  it("usage errors are exit 2 and one line naming the fix: bad flag, unknown rule, bad format, missing folder", async () => {
    const expectUsage = (result: { code: number; stdout: string; stderr: string }, line: string | RegExp) => {
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      if (typeof line === "string") expect(result.stderr).toBe(`${line}\n`);
      else expect(result.stderr).toMatch(line);
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    };
    expectUsage(await run(["--nope"], SHOP), /^arch-lint: unknown option '--nope'.*run arch-lint --help for usage\n$/);
    expectUsage(await run(["--rule", "shared-databse=off"], SHOP), `arch-lint: --rule shared-databse=off: no rule named "shared-databse"; did you mean "shared-database"? (rules: ${RULE_IDS})`);
    expectUsage(await run(["--rule", "no-such-rule=error"], SHOP), `arch-lint: --rule no-such-rule=error: no rule named "no-such-rule" (rules: ${RULE_IDS})`);
    expectUsage(await run(["--format", "xml"], SHOP), "arch-lint: option '-f, --format <name>' argument 'xml' is invalid. Allowed choices are stylish, json, sarif, github, markdown, gitlab, junit, html; run arch-lint --help for usage");
    expectUsage(
      await run(["does-not-exist"], SHOP),
      `arch-lint: no such folder: ${join(SHOP, "does-not-exist")}; pass the folder to scan (a repository or a service), or run arch-lint inside it with no path`,
    );
  });

  it("--max-warnings that is not a whole number ≥ 0 is a usage error: exit 2, one line naming the fix", async () => {
    for (const value of ["abc", "-1", "1.5", "", "1e3"]) {
      const result = await run([`--max-warnings=${value}`], SHOP);
      expect(result.code, value).toBe(2);
      expect(result.stderr, value).toBe(
        `arch-lint: option '--max-warnings <n>' argument '${value}' is invalid. It must be a whole number of warnings, 0 or more (e.g. --max-warnings 0); run arch-lint --help for usage\n`,
      );
      expect(result.stdout, value).toBe("");
    }
    expect((await run(["--max-warnings", "10"], SHOP)).code).toBe(1);
  });

  it("a crash is exit 2 and says it is a bug; findings stay exit 1", async () => {
    // A report that cannot be written fails inside main, after the scan: what any unexpected error does.
    const stderr = new Capture();
    const code = await main([], { stdin: process.stdin, stdout: new Throwing(), stderr, cwd: CLEAN, env: {} });
    expect(code).toBe(2);
    expect(stderr.text).toMatch(/^arch-lint: unexpected error: boom \(this is a bug; rerun with DEBUG=1 for details and please report it\)\n$/);
    expect((await run([], SHOP)).code).toBe(1);
  });

  it("config errors are exit 2, one line pointing at the key or naming the fix", async () => {
    const dir = tempDir("arch-lint-config-");
    const write = (text: string, name = "arch-lint.config.yaml") => writeFileSync(join(dir, name), text);
    const runIn = (name = "arch-lint.config.yaml") => run([SHOP, "--config", join(dir, name)], dir);
    const expectOneLine = (result: { code: number; stderr: string }, line: string | RegExp) => {
      expect(result.code).toBe(2);
      if (typeof line === "string") expect(result.stderr).toBe(`arch-lint: ${line}\n`);
      else expect(result.stderr).toMatch(line);
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    };
    const config = join(dir, "arch-lint.config.yaml");
    write("rules:\n  sync-call-chain: [warn, { maxDepth: zero }]\n");
    expectOneLine(await runIn(), /^arch-lint: invalid config .*arch-lint\.config\.yaml: rules\["sync-call-chain"\]\[1\]\.maxDepth: must be an integer/);
    write("rules:\n  no-such-rule: error\n");
    expectOneLine(await runIn(), `invalid config ${config}: rules["no-such-rule"]: is not a known key (known: ${RULE_IDS})`);
    write("rules:\n  no-such-rule: error\n  sync-call-chain: loud\n");
    expectOneLine(await runIn(), /^arch-lint: invalid config .*: rules\["no-such-rule"\]: is not a known key .*; rules\["sync-call-chain"\]: /);
    write("rules: [unclosed\n  - sync-call-chain: {\n");
    expectOneLine(await runIn(), new RegExp(`^arch-lint: ${config.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not valid YAML \\(.+\\); fix the file or pass another --config\\n$`));
    write('{ "rules": }\n', "arch-lint.config.json");
    expectOneLine(await runIn("arch-lint.config.json"), /^arch-lint: .*arch-lint\.config\.json: not valid JSON \(.+\); fix the file or pass another --config\n$/);
    expectOneLine(await runIn("missing.yaml"), `config ${join(dir, "missing.yaml")}: no such file; pass the path of an existing config to --config, or write one with arch-lint init`);
    write("services:\n  payments: {}\n");
    const unknownService = await runIn();
    expect(unknownService.code).toBe(2);
    expect(unknownService.stderr).toContain('services.payments: no service named "payments" was discovered');
    write("ignore: [legacy/**]\n");
    expect((await runIn()).stderr).toContain('ignore: "legacy/**" matches no file');
    write("services:\n  orders:\n    exclude: true\nrules:\n  unversioned-route: off\n");
    expect((await runIn()).stdout).toMatch(/understood 2 services \(billing, users\)/);
  });

  it("an --output that cannot be written is exit 2, one line naming the fix, and nothing half-written", async () => {
    const dir = tempDir("arch-lint-out-");
    writeFileSync(join(dir, "a-file"), "kept\n");
    for (const [output, why] of [
      [dir, "it is a folder"],
      [join(dir, "a-file", "report.json"), "a folder on its path is a file"],
      [join(dir, "a-file", "deeper", "report.json"), "a folder on its path is a file"],
    ] as const) {
      const result = await run(["--format", "json", "--output", output], SHOP);
      expect(result.code, output).toBe(2);
      expect(result.stdout, output).toBe("");
      expect(result.stderr.trimEnd().split("\n").at(-1), output).toBe(`arch-lint: cannot write --output ${output} (${why}); pass a file path in a folder you can write`);
    }
    expect(readFileSync(join(dir, "a-file"), "utf8")).toBe("kept\n");
  });

  it.skipIf(!existsSync("/proc/self"))("an --output under a folder that refuses new folders (/proc) is exit 2 at once, not a hang", async () => {
    // Node's recursive mkdir retries forever there; the folders are made one level at a time instead.
    const output = "/proc/arch-lint-test/deeper/report.json";
    const result = await run(["--format", "json", "--output", output], SHOP);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split("\n").at(-1)).toBe(`arch-lint: cannot write --output ${output} (ENOENT: the file system refused to create its folder); pass a file path in a folder you can write`);
  });

  it("a config found from the target upward renames and adds hosts", async () => {
    const dir = tempDir("arch-lint-config-");
    mkdirSync(join(dir, "repo"));
    execFileSync("cp", ["-r", SHOP, join(dir, "repo/shop")]);
    writeFileSync(join(dir, "repo/arch-lint.config.json"), JSON.stringify({ services: { customers: { path: "shop/services/users" } }, rules: { "sync-call-chain": "error" } }));
    const result = await run(["shop"], join(dir, "repo"));
    expect(result.stdout).toMatch(/understood 3 services \(billing, customers, orders\)/);
    expect(result.stdout).toContain("orders GET /v1/orders/:id → customers GET /v1/users/:id → billing GET /v1/accounts/:id");
  });

  it("formats: json, sarif, github, markdown; --output writes a file", async () => {
    const json = JSON.parse((await run(["--format", "json"], SHOP)).stdout) as { version: number; findings: { ruleId: string; fingerprint: string }[] };
    expect(json.version).toBe(1);
    expect(json.findings.map((f) => f.ruleId).sort()).toEqual(["shared-database", "shared-database", "sync-call-chain", "unversioned-route"]);
    const sarif = JSON.parse((await run(["--format", "sarif"], SHOP)).stdout) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]!.results).toHaveLength(4);
    const github = await run([], SHOP, { GITHUB_ACTIONS: "true" });
    // After the folded per-service group, errors first.
    expect(github.stdout.split("\n").find((line) => !/^::(group|endgroup)::/.test(line) && !/^\w+ +\d+ route/.test(line))).toMatch(/^::error file=services\/orders\/src\/routes\/orders.ts,line=\d+,col=\d+,title=arch-lint shared-database::/);
    expect(github.stdout).toMatch(/^::warning /m);
    const md = await run(["--format", "markdown"], SHOP);
    expect(md.stdout).toContain("| Severity | Rule | Location | Message |");
    const dir = tempDir("arch-lint-out-");
    const out = await run(["--format", "sarif", "--output", join(dir, "reports/a.sarif")], SHOP);
    expect(out.stdout).toBe("");
    expect(JSON.parse(readFileSync(join(dir, "reports/a.sarif"), "utf8")).version).toBe("2.1.0");
  });

  it("--baseline: known findings do not fail the run, new ones do, fixed ones are pointed out", async () => {
    const dir = tempDir("arch-lint-baseline-");
    const baseline = join(dir, "arch-lint.baseline.json");
    const missing = await run(["--baseline", baseline], SHOP);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split("\n")).toEqual([`arch-lint: --baseline ${baseline}: no such file; create it with --baseline ${baseline} --update-baseline`]);
    expect((await run(["--update-baseline"], SHOP)).stderr).toContain("--update-baseline needs --baseline <file>");

    const written = await run(["--baseline", baseline, "--update-baseline"], SHOP);
    expect(written.code).toBe(0);
    expect(written.stderr).toContain(`wrote 4 findings to the baseline ${baseline}`);
    expect(written.stdout).toContain("✔ no problems found");
    expect(written.stdout).toContain("4 findings known in the baseline");
    const file = JSON.parse(readFileSync(baseline, "utf8")) as { format: string; findings: { fingerprint: string; rule: string; location: string }[] };
    expect(file.format).toBe("arch-lint-baseline/v1");
    expect(file.findings.map((entry) => entry.rule)).toEqual(["shared-database", "shared-database", "sync-call-chain", "unversioned-route"]);
    expect(file.findings[0]!.location).toMatch(/^services\/orders\/src\/routes\/orders\.ts:\d+$/);

    // Known findings are suppressed where machines read them too.
    const sarif = JSON.parse((await run(["--format", "sarif", "--baseline", baseline], SHOP)).stdout) as { runs: { results: { suppressions?: { kind: string }[] }[] }[] };
    expect(sarif.runs[0]!.results.map((r) => r.suppressions?.[0]?.kind)).toEqual(["external", "external", "external", "external"]);

    // Drop one entry (as if it were new) and add one that matches nothing (as if it were fixed).
    const [dropped, ...kept] = file.findings;
    writeFileSync(baseline, JSON.stringify({ ...file, findings: [...kept, { ...dropped!, fingerprint: "0000000000000000", location: "gone.ts:1" }] }));
    const json = await run(["--format", "json", "--baseline", baseline], SHOP);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { findings: { fingerprint: string; suppressed?: { kind: string; justification: string } }[]; diagnostics: { kind: string; message: string }[] };
    expect(report.findings.filter((f) => !f.suppressed).map((f) => f.fingerprint)).toEqual([dropped!.fingerprint]);
    expect(report.findings.find((f) => f.suppressed)?.suppressed).toEqual({ kind: "external", justification: `known in the baseline ${baseline}` });
    expect(report.diagnostics).toContainEqual({ kind: "stale-baseline", file: expect.stringContaining("arch-lint.baseline.json"), message: expect.stringMatching(/^1 baseline entry matches no finding any more \(shared-database at gone\.ts:1\)/) });

    writeFileSync(baseline, "{ not json");
    const broken = await run(["--baseline", baseline], SHOP);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/is not JSON .*write it again with --update-baseline\n$/);
  });

  it("github format appends a markdown summary to $GITHUB_STEP_SUMMARY", async () => {
    const dir = tempDir("arch-lint-gh-");
    const summary = join(dir, "summary.md");
    writeFileSync(summary, "# before\n");
    const result = await run(["--format", "github"], SHOP, { GITHUB_STEP_SUMMARY: summary });
    expect(result.code).toBe(1);
    const text = readFileSync(summary, "utf8");
    expect(text.startsWith("# before\n### ❌ arch-lint: 3 errors, 1 warning")).toBe(true);
  });

  it("--print-model prints what it understood, with credentials masked", async () => {
    const { code, stdout } = await run(["--print-model"], SHOP);
    expect(code).toBe(0);
    const model = JSON.parse(stdout) as { services: { name: string }[]; routes: { id: string }[]; topics: { topic: string; role: string }[] };
    expect(model.services.map((s) => s.name)).toEqual(["billing", "orders", "users"]);
    expect(model.routes.map((r) => r.id).sort()).toContain("billing GET /v1/accounts/:id");
    expect(model.topics).toMatchObject([{ topic: "billing.account-viewed.v1", role: "produce" }]);
    expect(stdout).not.toContain("shop:dev@");
    // What was found per service comes first, as in the reports.
    expect((JSON.parse(stdout) as { summary: { perService: unknown[] } }).summary.perService).toEqual([
      { name: "billing", routes: 1, calls: 0, unresolvedCalls: 0, datastores: 1, unresolvedDatastores: 0, topics: 1, notUnderstood: 0 },
      { name: "orders", routes: 4, calls: 1, unresolvedCalls: 0, datastores: 1, unresolvedDatastores: 0, topics: 0, notUnderstood: 0 },
      { name: "users", routes: 2, calls: 1, unresolvedCalls: 0, datastores: 1, unresolvedDatastores: 0, topics: 0, notUnderstood: 0 },
    ]);
  });
});

const JWT_VALUE = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJvcmRlcnMifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";
const CLIENT_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

/** Two services sharing one database through a URL with credentials, with a token, a client id and an e-mail in their environment. */
describe("--print-model writes", () => {
  it("lists each write to a datastore with the function that makes it (what dual-write pairs with a publish)", async () => {
    const dir = tempDir("arch-lint-writes-");
    writeTree(dir, service("services/orders", ["express", "pg"], {
      "src/server.ts": `import express from "express";\nimport { Pool } from "pg";\nconst pool = new Pool();\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n  await pool.query("INSERT INTO orders (id) VALUES ($1)", [req.body.id]);\n  res.json({});\n});\napp.listen(3000);\n`,
    }));
    const { code, stdout } = await run(["--print-model"], dir);
    expect(code).toBe(0);
    const model = JSON.parse(stdout) as { writes: { service: string; target: string; library: string; operation: string; location: { line: number } }[] };
    expect(model.writes).toMatchObject([{ service: "orders", target: "orders", library: "sql", operation: "INSERT", location: { line: 6 } }]);
  });
});

function secretsRepo(): string {
  const dir = tempDir("arch-lint-secrets-");
  const db = `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n`;
  writeTree(dir, {
    ...service("services/orders", ["express", "pg"], {
      "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/orders", async (req, res) => res.json(await fetch(\`\${process.env.USERS_URL}/v1/users?access_token=\${process.env.API_TOKEN}\`, { signal: AbortSignal.timeout(2000) })));\napp.listen(3000);\n`,
      "src/db.ts": db,
    }),
    // users calls billing while orders waits on it: a sync-call-chain finding whose evidence carries orders' call URL.
    ...service("services/users", ["express", "pg"], {
      "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/users", async (req, res) => res.json(await fetch("http://billing:3000/v1/accounts", { signal: AbortSignal.timeout(2000) })));\napp.listen(3000);\n`,
      "src/db.ts": db,
    }),
    ...service("services/billing", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/accounts", (req, res) => res.json([]));\napp.listen(3000);\n` }),
    "docker-compose.yml": [
      "services:",
      "  orders:",
      "    build: ./services/orders",
      "    environment:",
      "      DATABASE_URL: postgres://user:pass@db/x",
      `      API_TOKEN: ${JWT_VALUE}`,
      `      CLIENT_ID: ${CLIENT_ID}`,
      "      ADMIN_EMAIL: ops@example.test",
      "      USERS_URL: http://users:3000",
      "      DB_HOST: db",
      "  users:",
      "    build: ./services/users",
      "    environment:",
      "      DATABASE_URL: postgres://user:pass@db/x",
      "  billing:",
      "    build: ./services/billing",
      "  db:",
      "    image: postgres:17",
      "",
    ].join("\n"),
  });
  return dir;
}

describe("[I] what could not be understood", () => {
  it("is said in the report, and never changes the exit code, --max-warnings 0 included", async () => {
    const dir = tempDir("arch-lint-understood-");
    writeTree(dir, {
      ...service("services/orders", ["express", "pg"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/orders", (req, res) => res.json([]));\napp.listen(3000);\n`,
        "src/db.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.ORDERS_DB_URL });\n`,
      }),
    });
    const result = await run(["--max-warnings", "0"], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "1 diagnostic:\n  orders connects to postgres through pg at services/orders/src/db.ts:2, but its URL did not resolve (ORDERS_DB_URL is not set for orders;",
    );
    expect(result.stdout.split("\n")[0]).toMatch(/, 1 diagnostic \(1 not understood\)$/);
  });
});

describe("[I] no service at all", () => {
  it("in a folder that holds none: said in every format, never a green tick; the exit code stays 0", async () => {
    const dir = tempDir("arch-lint-empty-");
    writeTree(dir, { "scripts/seed.js": `const fs = require("node:fs");\nfs.writeFileSync("seed.json", JSON.stringify({ url: process.env.API_URL }));\n` });
    const stylish = await run([], dir);
    expect(stylish.code).toBe(0);
    expect(stylish.stderr).toBe("");
    expect(stylish.stdout).toContain("1 file parsed");
    expect(stylish.stdout).toContain("⚠ nothing was checked: no service was found (see the diagnostic below)");
    expect(stylish.stdout).not.toContain("no problems found");
    expect(stylish.stdout).toContain('1 diagnostic:\n  no service was found, so nothing was checked: a service is a package with a server or broker dependency and an entry');
    const json = await run(["--format", "json"], dir);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { diagnostics: { kind: string; message: string }[] }).diagnostics).toEqual([
      { kind: "not-understood", message: expect.stringMatching(/^no service was found, so nothing was checked: .* declare others under "services:" in arch-lint\.config\.yaml$/) },
    ]);
    expect((await run(["--format", "markdown"], dir)).stdout).toMatch(/^### ⚠️ arch-lint: nothing was checked: no service was found\n/);
  });

  it("in a folder with code a service runs on: exit 2, one line naming the file and the config that declares it", async () => {
    const dir = tempDir("arch-lint-missed-");
    // A hoisted dependency: the package's own package.json names no server, so discovery finds no service.
    writeTree(dir, {
      "package.json": { name: "root", private: true, workspaces: ["packages/*"], dependencies: { express: "*" } },
      "packages/orders/package.json": { name: "orders" },
      "packages/orders/src/server.ts": `// the orders API\nimport express from "express";\nconst app = express();\napp.get("/orders", (req, res) => res.json([]));\napp.listen(3000);\n`,
    });
    const result = await run([], dir);
    expect(result.stdout).toContain("understood 0 services");
    expect(result.stdout).toContain("⚠ nothing was checked: no service was found");
    expect(result.stderr).toBe("arch-lint: no service was found, so nothing was checked, though packages/orders/src/server.ts:2 imports express; declare it in arch-lint.config.yaml: services: { orders: { path: packages/orders } }\n");
    expect(result.code).toBe(2);
    const json = JSON.parse((await run(["--format", "json"], dir)).stdout) as { diagnostics: { kind: string; file?: string; line?: number; message: string }[] };
    expect(json.diagnostics).toEqual([{ kind: "not-understood", file: "packages/orders/src/server.ts", line: 2, message: expect.stringMatching(/^no service was found, so nothing was checked, though packages\/orders\/src\/server\.ts:2 imports express: /) }]);

    // The fix it names works: the service is found and checked.
    writeFileSync(join(dir, "arch-lint.config.yaml"), "services: { orders: { path: packages/orders } }\n");
    const fixed = await run([], dir);
    expect(fixed.stdout).toContain("understood 1 service (orders), 1 route");
    expect(fixed.stdout).toContain("GET /orders in orders has no version segment");
    expect(fixed.code).toBe(1);
  });
});

describe("[I] a service in another language", () => {
  it("is named as not scanned in the summary and its own line, with the datastore its environment names; no diagnostic, no password", async () => {
    const dir = tempDir("arch-lint-polyglot-");
    writeTree(dir, {
      ...service("orders", ["express", "pg"], {
        "src/server.js": `const express = require("express");\nconst { Pool } = require("pg");\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nconst app = express();\napp.get("/v1/orders", async (req, res) => res.json((await pool.query("select 1")).rows));\napp.listen(3000);\n`,
      }),
      "ledger/pom.xml": "<project></project>\n",
      "ledger/Dockerfile": "FROM eclipse-temurin:21\nCOPY . .\n",
      "docker-compose.yml": [
        "services:",
        "  orders:",
        "    build: ./orders",
        "    environment:",
        "      DATABASE_URL: postgres://app:pw@db:5432/shop",
        "  ledger:",
        "    build: ./ledger",
        "    environment:",
        "      SPRING_DATASOURCE_URL: jdbc:postgresql://db:5432/shop",
        "      SPRING_DATASOURCE_PASSWORD: hunter2hunter2",
        "  db:",
        "    image: postgres:17",
        "",
      ].join("\n"),
    });
    const report = await run([], dir);
    expect(report.stdout.split("\n").slice(0, 3)).toEqual([
      "arch-lint understood 2 services (ledger, orders; 1 not scanned: java), 1 route, 0 sync calls (0 not resolved to a service), 1 datastore, 0 topics; 1 file parsed, 0 skipped",
      "  ledger  not scanned (java); 1 datastore named by its environment",
      "  orders  1 route, 0 calls, 1 datastore, 0 topics",
    ]);
    const model = await run(["--print-model"], dir);
    const printed = JSON.parse(model.stdout) as { services: { name: string; env: Record<string, string> }[] };
    expect(printed.services.find((s) => s.name === "ledger")!.env).toEqual({ SPRING_DATASOURCE_URL: "jdbc:postgresql://db:5432/shop", SPRING_DATASOURCE_PASSWORD: "***" });
    expect(model.stdout).not.toContain("hunter2");
  });
});

describe("[I] secrets in output", () => {
  const leaks = (text: string) => ["//user:", "pass@", JWT_VALUE, CLIENT_ID, "ops@example.test"].filter((secret) => text.includes(secret));

  it("--print-model shows hosts, ports and databases, never passwords, tokens, client ids or e-mails; --show-env shows them", async () => {
    const dir = secretsRepo();
    const masked = await run(["--print-model"], dir);
    expect(masked.code).toBe(0);
    expect(leaks(masked.stdout)).toEqual([]);
    const model = JSON.parse(masked.stdout) as { services: { name: string; env: Record<string, string> }[]; calls: { url: string }[]; datastores: { identity: string; resolution: string }[] };
    expect(model.services.find((s) => s.name === "orders")!.env).toEqual({
      DATABASE_URL: "postgres://***@db/x",
      API_TOKEN: "***",
      CLIENT_ID: "***",
      ADMIN_EMAIL: "***",
      USERS_URL: "http://users:3000",
      DB_HOST: "db",
    });
    expect(model.calls.map((c) => c.url)).toEqual(["http://users:3000/v1/users?access_token=***", "http://billing:3000/v1/accounts"]);
    expect(model.datastores.map((d) => d.identity)).toEqual(["postgres://db:5432/x", "postgres://db:5432/x"]);
    expect(model.datastores[0]!.resolution).toMatch(/^DATABASE_URL=postgres:\/\/\*\*\*@db\/x from docker-compose\.yml/);

    const shown = await run(["--print-model", "--show-env"], dir);
    expect(shown.code).toBe(0);
    expect(leaks(shown.stdout)).toEqual(["//user:", "pass@", JWT_VALUE, CLIENT_ID, "ops@example.test"]);

    const alone = await run(["--show-env"], dir);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toBe("arch-lint: --show-env only applies to --print-model: run arch-lint --print-model --show-env\n");
  });

  it("no report prints them either: stylish, json, sarif, github, markdown, gitlab, junit and the baseline file", async () => {
    const dir = secretsRepo();
    for (const format of ["stylish", "json", "sarif", "github", "markdown", "gitlab", "junit"]) {
      const result = await run(["--format", format], dir);
      expect(result.code, format).toBe(1);
      expect(result.stdout, format).toContain("postgres://db:5432/x");
      // GitLab's format has the messages alone, without the evidence hops that show the URL.
      if (format !== "gitlab") expect(result.stdout, format).toContain("http://users:3000/v1/users?access_token=***");
      expect(leaks(result.stdout + result.stderr), format).toEqual([]);
    }
    await run(["--baseline", "baseline.json", "--update-baseline"], dir);
    expect(leaks(readFileSync(join(dir, "baseline.json"), "utf8"))).toEqual([]);
  });
});

describe("[I] arch-lint graph and init", () => {
  it("graph prints mermaid or dot, init writes a config once", async () => {
    expect((await run(["graph"], SHOP)).stdout).toMatch(/^flowchart LR\n/);
    expect((await run(["graph", "--format", "dot"], SHOP)).stdout).toMatch(/^digraph architecture/);
    const svg = await run(["graph", "--format", "svg"], SHOP);
    expect(svg.code).toBe(0);
    expect(svg.stdout).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<g id="n0" class="node service offending">[\s\S]*<\/svg>\n?$/);
    expect((await run(["graph", "--format", "png"], SHOP)).code).toBe(2);
    const page = join(tempDir("arch-lint-html-"), "out/arch-lint.html");
    const html = await run(["--format", "html", "--output", page], SHOP);
    expect(html.code).toBe(1);
    expect(html.stderr).toContain(`arch-lint: wrote the html report to ${page}`);
    expect(readFileSync(page, "utf8")).toMatch(/^<!doctype html>[\s\S]*<svg[\s\S]*<\/html>\n$/);
    expect((await run(["--help"], SHOP)).stdout).toMatch(/choices: [^)]*"html"/);
    const dir = tempDir("arch-lint-init-");
    execFileSync("cp", ["-r", SHOP, join(dir, "shop")]);
    const first = await run(["init", "shop"], dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("arch-lint: 4 findings today; to fail CI on new ones only, record them first: arch-lint --baseline arch-lint.baseline.json --update-baseline");
    expect(readFileSync(join(dir, "shop/arch-lint.config.yaml"), "utf8")).toContain("  orders: # found through workspace, compose\n    path: services/orders\n");
    const again = await run(["init", "shop"], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already exists; pass --force");
    expect((await run(["init", "shop", "--force"], dir)).code).toBe(0);
    expect((await run([], join(dir, "shop"))).code).toBe(1);
  });
});

describe("[E] node bin/arch-lint.js", () => {
  const bin = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [join(ROOT, "bin/arch-lint.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, GITHUB_ACTIONS: "", FORCE_COLOR: "0", ...env } });

  it("exit codes 0, 1 and 2", () => {
    expect(bin([], CLEAN).status).toBe(0);
    expect(bin([], SHOP).status).toBe(1);
    expect(bin(["--format", "nope"], SHOP).status).toBe(2);
    const maxWarnings = bin(["--max-warnings", "abc"], SHOP);
    expect(maxWarnings.status).toBe(2);
    expect(maxWarnings.stderr).not.toContain("this is a bug");
  });

  it.each(["throw", "uncaught", "rejection"])("a crash (ARCH_LINT_TEST_CRASH=%s) is exit 2 with findings or without, never 1, in one line that says it is a bug", (how) => {
    for (const [cwd, name] of [[CLEAN, "clean"], [SHOP, "shop"]] as const) {
      const result = bin([], cwd, { ARCH_LINT_TEST_CRASH: how, DEBUG: "" });
      expect(result.status, name).toBe(2);
      expect(result.stderr, name).toBe(`arch-lint: unexpected error: crash injected by ARCH_LINT_TEST_CRASH=${how} (this is a bug; rerun with DEBUG=1 for details and please report it)\n`);
      expect(result.stdout, name).toBe("");
    }
    const debug = bin([], SHOP, { ARCH_LINT_TEST_CRASH: how, DEBUG: "1" });
    expect(debug.status).toBe(2);
    expect(debug.stderr).toMatch(/^arch-lint: unexpected error: crash injected .*\nError: crash injected by ARCH_LINT_TEST_CRASH=\w+\n {4}at crashIfAsked /);
  });

  it.skipIf(!existsSync("/dev/full"))("a report that cannot be written to stdout (a full disk) is exit 2, not 1, with findings or without", () => {
    for (const [cwd, name] of [[CLEAN, "clean"], [SHOP, "shop"]] as const) {
      const full = openSync("/dev/full", "w");
      try {
        const result = spawnSync(process.execPath, [join(ROOT, "bin/arch-lint.js")], { cwd, encoding: "utf8", stdio: ["ignore", full, "pipe"], env: { ...process.env, GITHUB_ACTIONS: "", FORCE_COLOR: "0" } });
        expect(result.status, name).toBe(2);
        expect(result.stderr, name).toBe("arch-lint: cannot write the report to standard output (ENOSPC); write it to a file with --output <file> instead\n");
      } finally {
        closeSync(full);
      }
    }
  });

  it("worker threads (a 500-file repository) find exactly what one thread finds", () => {
    const dir = tempDir("arch-lint-parallel-");
    const synthetic = join(ROOT, "test/lint/bench/synthetic.mjs");
    execFileSync(process.execPath, ["--input-type=module", "-e", `const m = await import(${JSON.stringify(synthetic)}); m.writeSyntheticMonorepo(${JSON.stringify(dir)}, { services: 10, filesPerService: 50 });`]);
    const parallel = JSON.parse(bin([dir, "--format", "json"], dir, { ARCH_LINT_WORKERS: "2" }).stdout) as { findings: { fingerprint: string; message: string }[]; summary: { routes: number } };
    const single = lint({ cwd: dir, paths: ["."], config: defaultConfig(dir) });
    expect(parallel.summary.routes).toBe(single.model.routes.length);
    expect(parallel.findings.map((f) => f.fingerprint)).toEqual(single.findings.map((f) => f.fingerprint));
    // Same words too: facts are taken in file order, whichever thread read them.
    expect(parallel.findings.map((f) => f.message)).toEqual(single.findings.map((f) => f.message));
    // `node --max-old-space-size=… arch-lint` on a large repository: a V8 flag is no reason for the reading thread or a worker to fail.
    // Unset: the reading thread on a machine of fewer than 4 cores (workers from 4); "2": a worker.
    for (const workers of ["", "2"]) {
      const withFlag = spawnSync(process.execPath, ["--max-old-space-size=2048", join(ROOT, "bin/arch-lint.js"), dir, "--format", "json"], { cwd: dir, encoding: "utf8", env: { ...process.env, GITHUB_ACTIONS: "", ARCH_LINT_WORKERS: workers } });
      expect(withFlag.stderr, `ARCH_LINT_WORKERS=${workers}`).not.toContain("unexpected error");
      expect((JSON.parse(withFlag.stdout) as { findings: { fingerprint: string }[] }).findings.map((f) => f.fingerprint)).toEqual(single.findings.map((f) => f.fingerprint));
    }
  }, 60_000);

  it("a scan loads the 9 MB compiler through Node's compile cache, so only the first run compiles it", () => {
    // The scanner enables the cache itself, in the temp folder (NODE_COMPILE_CACHE would enable it for the whole process).
    const tmp = tempDir("arch-lint-compile-cache-");
    expect(bin([], CLEAN, { NODE_COMPILE_CACHE: "", TMPDIR: tmp }).status).toBe(0);
    const cacheDir = join(tmp, "node-compile-cache");
    // The compiler's code cache is the one entry of more than a megabyte; the scanner's own modules are a few kB each.
    const sizes = readdirSync(cacheDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => statSync(join(entry.parentPath, entry.name)).size);
    expect(sizes.filter((size) => size > 1_000_000)).toHaveLength(1);
  });

  it("--version answers without loading the scanner", () => {
    // What --version costs is measured by npm run bench; here, what it must not do: load ts-morph.
    const reportTsMorph = `data:text/javascript,import { registerHooks } from "node:module"; import { writeSync } from "node:fs";
      registerHooks({ resolve(specifier, context, next) { if (specifier.startsWith("ts-morph")) writeSync(2, "loaded ts-morph\\n"); return next(specifier, context); } });`;
    const result = spawnSync(process.execPath, ["--import", reportTsMorph, join(ROOT, "bin/arch-lint.js"), "--version"], { cwd: ROOT, encoding: "utf8" });
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(result.stderr).not.toContain("loaded ts-morph");
    const scan = spawnSync(process.execPath, ["--import", reportTsMorph, join(ROOT, "bin/arch-lint.js"), join(ROOT, "test/fixtures/lint/clean")], { cwd: ROOT, encoding: "utf8" });
    expect(scan.stderr, "the hook must see a scan load ts-morph, or this test proves nothing").toContain("loaded ts-morph");
  });
});
