import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/** The modules a file loads besides its import declarations (extract/module-references.ts): what cross-service-import reads. */
const references = (code: string) => (facts(code).moduleReferences ?? []).map((r) => `${r.specifier} @${r.line}`);

describe("[U] modules a file loads outside its imports", () => {
  it("a require inside an expression and a dynamic import are references, each with its line", () => {
    expect(references(`const Charge = mongoose.model("Charge", require("../payments/models/charge").schema);\nasync function load() {\n  return import("../orders/client");\n}\n`)).toEqual(["../payments/models/charge @1", "../orders/client @3"]);
  });

  it("a call of any other function with one text argument loads no module", () => {
    expect(references(`log("../payments/models/charge");\nconfig.get("../orders/client");\n`)).toEqual([]);
  });

  it("a require with no argument or two arguments loads nothing the scan can name", () => {
    expect(references(`const a = [require(), require("../payments/charge", "extra")];\n`)).toEqual([]);
  });

  it("a module the file already imports is not named twice", () => {
    expect(references(`import { charge } from "../payments/charge";\nconst again = [require("../payments/charge")];\n`)).toEqual([]);
  });
});
