import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
// @ts-expect-error plain JS launcher helper, kept free of TypeScript so old Node can parse it
import { isSupportedNodeVersion } from "../../bin/require-node.js";
import { REPO_ROOT } from "../helpers/cli.js";

describe("the launchers' Node check", () => {
  it("accepts what engines accepts and refuses the rest", () => {
    const supported = ["22.22.2", "22.23.0", "24.15.0", "24.21.0", "26.0.0", "27.1.0"];
    const refused = ["20.20.2", "22.12.0", "22.22.1", "23.11.0", "24.14.9", "25.2.0", "18.0.0"];
    for (const version of supported) expect(isSupportedNodeVersion(version), version).toBe(true);
    for (const version of refused) expect(isSupportedNodeVersion(version), version).toBe(false);
  });

  it("matches the engines field of package.json", () => {
    const engines = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).engines.node;
    expect(engines).toBe("^22.22.2 || ^24.15.0 || >=26.0.0");
  });
});
