import { describe, expect, it } from "vitest";
import { unsupportedShellNode } from "../../src/cli/shell-node.js";
import { runCreateService } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

const agent = (node: string, command = "exec") => ({ npm_command: command, npm_config_user_agent: `npm/11.19.1 node/${node} linux x64 workspaces/false` });

describe("the shell's node, as npm's user agent names it", () => {
  it("is reported only when the generated service could not run on it", () => {
    expect(unsupportedShellNode(agent("v20.20.2"))).toBe("20.20.2");
    expect(unsupportedShellNode(agent("v24.11.0"))).toBe("24.11.0");
    expect(unsupportedShellNode(agent("v24.15.0"))).toBeUndefined();
    expect(unsupportedShellNode(agent("v22.22.2"))).toBeUndefined();
    expect(unsupportedShellNode({})).toBeUndefined();
    // npm test's own agent names the tester's node, not a user's shell.
    expect(unsupportedShellNode(agent("v20.20.2", "test"))).toBeUndefined();
  });

  it("adds one line to the next steps of `npx create-service` run from an old shell", async () => {
    const cwd = tempDir();
    const args = ["--yes", "--skip-install", "--skip-git", "--dir"];
    const old = await runCreateService(["orders", ...args, "old"], { cwd, env: agent("v20.20.2") });
    expect(old.exitCode, old.stderr).toBe(0);
    expect(old.stdout).toContain("Your shell's node is 20.20.2; the service's scripts need Node 24.15.0 or later (or 22.22.2 or later on the 22 line)");
    const current = await runCreateService(["orders", ...args, "current"], { cwd, env: agent("v24.21.0") });
    expect(current.exitCode, current.stderr).toBe(0);
    expect(current.stdout).not.toContain("Your shell's node");
  });
});
