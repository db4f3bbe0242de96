import { describe, expect, it } from "vitest";
import { markdown } from "../../../src/lint/report/markdown.js";
import type { Finding } from "../../../src/lint/types.js";
import { cannedResult, ctx } from "./canned.js";

/**
 * The markdown report is the GitHub Action's step summary (GitHub refuses one over 1 MiB, whole) and a
 * pull-request comment (65,536 characters): a repository with thousands of findings must still get one.
 */
describe("[U] markdown: many findings", () => {
  function manyFindings(count: number): ReturnType<typeof cannedResult> {
    const result = cannedResult();
    const hop = (i: number) => ({ message: `call ${"x".repeat(200)} ${i}`, location: { file: `services/orders/src/f${i}.ts`, line: i, column: 1 } });
    result.findings = Array.from({ length: count }, (_, i): Finding => ({
      ruleId: "unversioned-route",
      // The errors come last in the scan's order: they are the ones to show.
      severity: i >= count - 10 ? "error" : "warn",
      messageId: "unversioned",
      message: `GET /route-${i} ${"has no version ".repeat(20)}`,
      data: {},
      location: { file: `services/orders/src/r${i}.ts`, line: i + 1, column: 1 },
      evidence: [hop(i), hop(i + 1), hop(i + 2)],
      fingerprint: i.toString(16).padStart(16, "0"),
    }));
    return result;
  }

  it("shows 100 findings, errors first, counts the rest, and stays far under a step summary's 1 MiB", () => {
    const text = markdown(manyFindings(5000), ctx);
    const rows = text.split("\n").filter((line) => /^\| (error|warn) \|/.test(line));
    expect(rows).toHaveLength(100);
    expect(rows.slice(0, 10).every((row) => row.startsWith("| error |"))).toBe(true);
    expect(text).toContain("| … | | | 4900 more findings (see --format json) |");
    expect(text.match(/<details><summary>unversioned-route/g)).toHaveLength(100);
    expect(Buffer.byteLength(text)).toBeLessThan(256 * 1024);
  });

  it("below the limit, every finding in the scan's order", () => {
    const text = markdown(manyFindings(100), ctx);
    const rows = text.split("\n").filter((line) => /^\| (error|warn) \|/.test(line));
    expect(rows).toHaveLength(100);
    expect(rows[0]).toMatch(/^\| warn \|.*r0\.ts:1`/);
    expect(text).not.toContain("more findings");
  });
});
