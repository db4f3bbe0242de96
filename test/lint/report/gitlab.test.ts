import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../src/lint/config.js";
import { lint } from "../../../src/lint/engine.js";
import { gitlab } from "../../../src/lint/report/gitlab.js";
import type { Finding } from "../../../src/lint/types.js";
import { runArchLint } from "../../helpers/arch-lint-in-process.js";
import { tempDir } from "../../helpers/temp.js";
import { cannedResult, ctx } from "./canned.js";

/**
 * GitLab's Code Quality widget reads "a JSON array of objects" with exactly these properties, as its
 * documentation lists them (https://docs.gitlab.com/ci/testing/code_quality/, "Implement a custom tool"):
 * description, check_name, fingerprint (unique per violation), severity (info, minor, major, critical
 * or blocker), location.path (relative to the repository) and location.lines.begin; no byte order mark.
 */
const SEVERITIES = ["info", "minor", "major", "critical", "blocker"];

function documentedShapeErrors(text: string): string[] {
  const errors: string[] = [];
  if (text.charCodeAt(0) === 0xfeff) errors.push("starts with a byte order mark");
  const issues = JSON.parse(text) as unknown;
  if (!Array.isArray(issues)) return [...errors, "not an array"];
  const fingerprints = new Set<string>();
  issues.forEach((issue: Record<string, any>, i) => {
    const at = `[${i}]`;
    for (const key of ["description", "check_name", "fingerprint", "severity"]) if (typeof issue[key] !== "string" || issue[key] === "") errors.push(`${at}.${key} is not a non-empty string`);
    if (!SEVERITIES.includes(issue.severity)) errors.push(`${at}.severity ${issue.severity} is not one of ${SEVERITIES.join(", ")}`);
    if (typeof issue.location?.path !== "string" || issue.location.path.startsWith("/") || issue.location.path.startsWith("./")) errors.push(`${at}.location.path is not a relative path`);
    if (!Number.isInteger(issue.location?.lines?.begin) || issue.location.lines.begin < 1) errors.push(`${at}.location.lines.begin is not a line number`);
    if (fingerprints.has(issue.fingerprint)) errors.push(`${at}.fingerprint ${issue.fingerprint} is not unique`);
    fingerprints.add(issue.fingerprint);
  });
  return errors;
}

const SHOP = fileURLToPath(new URL("../../fixtures/lint/shop", import.meta.url));

describe("[U] --format gitlab: GitLab Code Quality", () => {
  it("a canned result: the documented fields, severities mapped, suppressed findings left out", () => {
    const text = gitlab(cannedResult(), ctx);
    expect(documentedShapeErrors(text)).toEqual([]);
    expect(JSON.parse(text)).toEqual([
      {
        description: "orders and users connect to the same datastore postgres://db:5432/shop, 100% sure",
        check_name: "shared-database",
        fingerprint: "0123456789abcdef",
        severity: "major",
        location: { path: "services/users/src/db.ts", lines: { begin: 2 } },
      },
      { description: "GET /a has no version", check_name: "unversioned-route", fingerprint: "fedcba9876543210", severity: "minor", location: { path: "services/orders/src/app.ts", lines: { begin: 7 } } },
    ]);
  });

  it("paths are relative to the repository root, wherever the command ran", () => {
    const issues = JSON.parse(gitlab(cannedResult(), { ...ctx, cwd: "/repo/services/orders", repoRoot: "/repo" })) as { location: { path: string } }[];
    expect(issues.map((issue) => issue.location.path)).toEqual(["services/users/src/db.ts", "services/orders/src/app.ts"]);
  });

  it("an empty array when nothing is found", () => {
    expect(gitlab({ ...cannedResult(), findings: [] }, ctx)).toBe("[]\n");
  });

  it("two findings with one fingerprint get distinct ones (the widget would show them as one)", () => {
    const result = cannedResult();
    const twin: Finding = { ...result.findings[0]!, location: { file: "services/orders/src/db.ts", line: 4, column: 3 } };
    result.findings.push(twin, { ...twin, location: { ...twin.location, line: 9 } });
    const issues = JSON.parse(gitlab(result, ctx)) as { fingerprint: string }[];
    expect(issues.map((issue) => issue.fingerprint)).toEqual(["0123456789abcdef", "fedcba9876543210", "0123456789abcdef-2", "0123456789abcdef-3"]);
    expect(documentedShapeErrors(gitlab(result, ctx))).toEqual([]);
  });

  it("the checker does catch a report GitLab would not read", () => {
    expect(documentedShapeErrors('[{"description":"x","check_name":"y","fingerprint":"a","severity":"error","location":{"path":"/abs","lines":{}}}]')).toEqual([
      "[0].severity error is not one of info, minor, major, critical, blocker",
      "[0].location.path is not a relative path",
      "[0].location.lines.begin is not a line number",
    ]);
  });

  it("a real scan: valid, and every fingerprint stays when lines move above the findings", () => {
    const dir = tempDir();
    cpSync(SHOP, dir, { recursive: true });
    const scan = () => {
      const result = lint({ cwd: dir, paths: ["."], config: defaultConfig(dir) });
      return JSON.parse(gitlab(result, { cwd: dir, color: false, toolVersion: "0.1.0" })) as { fingerprint: string; check_name: string; location: { path: string; lines: { begin: number } } }[];
    };
    const before = scan();
    expect(before.length).toBeGreaterThan(2);
    expect(documentedShapeErrors(`${JSON.stringify(before)}`)).toEqual([]);
    // Three lines more at the top of every file a finding points at.
    for (const path of new Set(before.map((issue) => issue.location.path))) {
      const file = join(dir, path);
      writeFileSync(file, `// moved\n// down\n// by three\n${readFileSync(file, "utf8")}`);
    }
    const after = scan();
    expect(after.map((issue) => issue.location.lines.begin)).toEqual(before.map((issue) => issue.location.lines.begin + 3));
    expect(after.map((issue) => issue.fingerprint)).toEqual(before.map((issue) => issue.fingerprint));
  });
});

describe("[I] arch-lint --format gitlab", () => {
  it("run from a folder inside a git repository: paths from the repository root, exit code as for any format", async () => {
    const repo = tempDir();
    cpSync(SHOP, join(repo, "shop"), { recursive: true });
    mkdirSync(join(repo, ".git"));
    const { code, stdout } = await runArchLint(["--format", "gitlab", "."], join(repo, "shop/services"));
    expect(code).toBe(1);
    expect(documentedShapeErrors(stdout)).toEqual([]);
    const paths = (JSON.parse(stdout) as { location: { path: string } }[]).map((issue) => issue.location.path);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(path).toMatch(/^shop\/services\//);
  });
});
