import { describe, expect, it } from "vitest";
import { impliedBuiltinTemplate } from "../../src/scaffold/builtin-templates.js";

const FLAGS: Record<string, string[]> = {
  service: ["--port", "--description", "--api-version", "--publishes", "--consumes", "--calls"],
  gateway: ["--port", "--description", "--routes"],
};
const implied = (argv: string[]) => impliedBuiltinTemplate(argv, (template) => FLAGS[template] ?? []);

describe("impliedBuiltinTemplate", () => {
  it("names the template of the first flag only one built-in template declares", () => {
    expect(implied(["edge", "--port", "8080", "--routes", "orders"])).toEqual({ template: "gateway", flag: "--routes" });
    expect(implied(["orders", "--publishes=order.created"])).toEqual({ template: "service", flag: "--publishes" });
  });

  it("names none for flags both declare, core flags, values and what follows --", () => {
    expect(implied(["edge", "--port", "8080", "--description", "x", "--yes", "--dir", "--routes-dir"])).toBeUndefined();
    expect(implied(["edge", "--", "--routes"])).toBeUndefined();
  });
});
