import { describe, expect, it } from "vitest";
import { applyBaseline, BaselineError, buildBaseline, parseBaseline } from "../../src/lint/baseline.js";
import type { Finding } from "../../src/lint/types.js";

function finding(fingerprint: string, ruleId: string, file: string, line: number, suppressed?: Finding["suppressed"]): Finding {
  return {
    ruleId,
    severity: "error",
    messageId: "m",
    message: `${ruleId} in ${file}`,
    data: {},
    location: { file, line, column: 1 },
    evidence: [],
    fingerprint,
    ...(suppressed ? { suppressed } : {}),
  };
}

const where = (f: Finding) => `${f.location.file}:${f.location.line}`;

describe("baseline", () => {
  it("writes the findings not suppressed in the source, once each, sorted by rule then location", () => {
    const { text, baseline } = buildBaseline(
      [
        finding("c", "sync-call-chain", "b.ts", 3),
        finding("a", "shared-database", "z.ts", 10),
        finding("b", "shared-database", "z.ts", 9),
        finding("a", "shared-database", "z.ts", 10),
        finding("d", "unversioned-route", "a.ts", 1, { kind: "inSource", justification: "legacy" }),
      ],
      where,
    );
    const parsed = JSON.parse(text) as { format: string; findings: { fingerprint: string; location: string }[] };
    expect(parsed.format).toBe("arch-lint-baseline/v1");
    expect(parsed.findings.map((entry) => `${entry.fingerprint} ${entry.location}`)).toEqual(["b z.ts:9", "a z.ts:10", "c b.ts:3"]);
    expect(baseline.entries).toHaveLength(3);
    expect(parseBaseline(text, "b.json").entries).toHaveLength(3);
  });

  it("suppresses known findings as external, keeps inline suppressions, and reports entries nothing matches", () => {
    const findings = [finding("a", "r", "x.ts", 1), finding("b", "r", "x.ts", 2), finding("c", "r", "x.ts", 3, { kind: "inSource" })];
    const baseline = parseBaseline(
      JSON.stringify({ format: "arch-lint-baseline/v1", findings: [{ fingerprint: "a" }, { fingerprint: "c" }, { fingerprint: "gone", rule: "r", location: "old.ts:4" }] }),
      "b.json",
    );
    const diagnostics = applyBaseline(findings, baseline, "/repo/b.json", "b.json");
    expect(findings.map((f) => f.suppressed)).toEqual([{ kind: "external", justification: "known in the baseline b.json" }, undefined, { kind: "inSource" }]);
    // "c" is listed but suppressed inline: the baseline entry no longer does anything either.
    expect(diagnostics).toEqual([{ kind: "stale-baseline", file: "/repo/b.json", message: expect.stringMatching(/^2 baseline entries match no finding any more \(fingerprint c; r at old\.ts:4\): fixed, so run with --update-baseline to drop them$/) }]);
    expect(applyBaseline([finding("a", "r", "x.ts", 1)], parseBaseline('{"format":"arch-lint-baseline/v1","findings":[{"fingerprint":"a"}]}', "b.json"), "b.json")).toEqual([]);
  });

  it("refuses a file that is not a baseline, in one line naming the file and the fix", () => {
    expect(() => parseBaseline("{", "b.json")).toThrow(BaselineError);
    expect(() => parseBaseline("{", "b.json")).toThrow(/^b\.json is not JSON .*write it again with --update-baseline$/);
    expect(() => parseBaseline('{"findings": []}', "b.json")).toThrow(/^b\.json is not an arch-lint baseline/);
    expect(() => parseBaseline("null", "b.json")).toThrow(/is not an arch-lint baseline/);
    expect(() => parseBaseline('{"format":"arch-lint-baseline/v1","findings":[{"rule":"x"}]}', "b.json")).toThrow(/findings\[0\] has no "fingerprint"/);
  });
});
