import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import semver from "semver";
import { isSupportedNodeVersion, unsupportedNodeMessage } from "../../bin/require-node.js";
import { CREATE_SERVICE_BIN, REPO_ROOT } from "../helpers/cli.js";

const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
const ENGINES: string = packageJson.engines.node;

/** Every version near a boundary of any Node line we might meet, plus a spread in between. */
function sweep(): string[] {
  const versions: string[] = [];
  for (let major = 16; major <= 28; major++) {
    for (let minor = 0; minor <= 30; minor++) for (const patch of [0, 1, 2, 3, 9]) versions.push(`${major}.${minor}.${patch}`);
  }
  return versions;
}

/** Pretends to be another Node release, so the launcher's refusal can be run for real on this one. */
const pretendNode = (version: string): string =>
  `data:text/javascript,Object.defineProperty(process,"versions",{value:{...process.versions,node:${JSON.stringify(version)}}})`;

describe("the launchers' Node check", () => {
  it("accepts exactly what engines accepts", () => {
    const disagreements = sweep().filter((version) => isSupportedNodeVersion(version) !== semver.satisfies(version, ENGINES));
    expect(disagreements).toEqual([]);
  });

  it("names the exact minimum of the 24 line, not a vague '24 LTS'", () => {
    const minimumOf24 = semver.minVersion(ENGINES.split("||").find((part) => part.includes("24"))!)!.version;
    expect(minimumOf24).toBe("24.15.0");
    expect(unsupportedNodeMessage("create-service", "24.11.0")).toBe(
      "create-service: Node 24.11.0 is not supported; install Node 24.15.0 or later (or 22.22.2 or later on the 22 line) and run it again",
    );
  });

  it.each([
    ["create-service", "24.11.0"],
    ["arch-lint", "20.20.2"],
  ])("%s on Node %s stops with that one line and exit 1, before loading the CLI", async (tool, version) => {
    const bin = tool === "create-service" ? CREATE_SERVICE_BIN : join(REPO_ROOT, "bin/arch-lint.js");
    const result = await execa(process.execPath, ["--import", pretendNode(version), bin, "--version"], { reject: false, stdin: "ignore" });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(unsupportedNodeMessage(tool, version));
  });
});
