import { describe, expect, it } from "vitest";
import { FailureError } from "../../src/shared/errors.js";
import { planService } from "../../src/scaffold/plan.js";
import { makeTemplate } from "./template-fixture.js";

/** What a template's files see of the tool that generates them (the service pins it), and the paths it keeps for itself. */
const TOOL_FILE = "tool.txt.hbs";
const TOOL_TEXT = "{{tool.name}}|{{tool.version}}|{{tool.dependency}}|{{tool.vendored}}|";

describe("planService: the tool a template sees", () => {
  it("a release: its name and version, the version as the dependency, and no vendored tarball", () => {
    const spec = makeTemplate({ [TOOL_FILE]: TOOL_TEXT });
    const tree = planService({ spec, name: "orders", answers: { description: "d" }, toolVersion: "1.2.3" });
    expect(tree.readText("tool.txt")).toBe("create-service|1.2.3|1.2.3||");
  });

  it("a development build: the tarball's path as a file: dependency and as vendored", () => {
    const spec = makeTemplate({ [TOOL_FILE]: TOOL_TEXT });
    const vendoredTool = { path: "vendor/create-service-1.2.3-dev.tgz", load: () => Buffer.from("tarball") };
    const tree = planService({ spec, name: "orders", answers: { description: "d" }, toolVersion: "1.2.3-dev", vendoredTool });
    expect(tree.readText("tool.txt")).toBe("create-service|1.2.3-dev|file:vendor/create-service-1.2.3-dev.tgz|vendor/create-service-1.2.3-dev.tgz|");
    expect(tree.read("vendor/create-service-1.2.3-dev.tgz")).toEqual(Buffer.from("tarball"));
  });

  it("refuses a template that ships a file where the tarball goes", () => {
    const spec = makeTemplate({ [TOOL_FILE]: TOOL_TEXT, "vendor/create-service-1.2.3-dev.tgz": "not ours" });
    const vendoredTool = { path: "vendor/create-service-1.2.3-dev.tgz", load: () => Buffer.from("tarball") };
    expect(() => planService({ spec, name: "orders", answers: { description: "d" }, toolVersion: "1.2.3-dev", vendoredTool })).toThrow(
      new FailureError("template small must not contain vendor/create-service-1.2.3-dev.tgz: create-service writes it"),
    );
  });
});
