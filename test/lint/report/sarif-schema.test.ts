import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import AjvModule from "ajv-draft-04";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../src/lint/config.js";
import { lint } from "../../../src/lint/engine.js";
import { sarif } from "../../../src/lint/report/sarif.js";
import { cannedResult, ctx } from "./canned.js";

const schema = JSON.parse(readFileSync(new URL("../../fixtures/lint/sarif/sarif-2.1.0-rtm.5.json", import.meta.url), "utf8")) as object;
// ajv-draft-04 is CommonJS with `module.exports.default`: the same class under either import shape.
const Ajv = AjvModule.default;
const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
const SHOP = fileURLToPath(new URL("../../fixtures/lint/shop", import.meta.url));

function errorsOf(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`);
}

describe("[U] sarif output validates against the SARIF 2.1.0 schema", () => {
  it("a canned result with evidence, a suppression and a diagnostic", () => {
    expect(errorsOf(JSON.parse(sarif(cannedResult(), ctx)))).toEqual([]);
  });

  it("a real scan of the shop fixture", () => {
    const result = lint({ cwd: SHOP, paths: ["."], config: defaultConfig(SHOP) });
    const log = JSON.parse(sarif(result, { cwd: SHOP, color: false, toolVersion: "0.1.0" }));
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    expect(errorsOf(log)).toEqual([]);
  });

  it("the validator does catch a broken log", () => {
    expect(errorsOf({ version: "2.1.0", runs: [{ tool: {} }] }).length).toBeGreaterThan(0);
  });
});
