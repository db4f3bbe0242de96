import { afterEach, describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.js";
import { CREATE_SERVICE_BIN } from "../helpers/cli.js";
import { PtySession } from "../helpers/pty.js";

const sessions: PtySession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.kill();
});

function start(args: string, cwd: string): PtySession {
  const session = new PtySession(`${JSON.stringify(process.execPath)} ${JSON.stringify(CREATE_SERVICE_BIN)} ${args}`, { cwd });
  sessions.push(session);
  return session;
}

describe("create-service in a terminal", () => {
  it("asks for every missing value, validates inline, and uses the answers", async () => {
    const cwd = tempDir();
    const session = start("--skip-install --skip-git", cwd);

    await session.waitFor(/Service name:/);
    session.answer("Orders Service");
    await session.waitFor(/invalid service name "Orders Service".*try "orders-service"/s);
    session.press("\u007f".repeat("Orders Service".length));
    session.answer("orders");

    await session.waitFor(/Port the service listens on \(3000\)/);
    session.answer("70000");
    await session.waitFor(/70000 is out of range; use 1-65535/);
    session.press("\u007f".repeat(5));
    session.answer("8080");

    await session.waitFor(/Describe the service in one line \(The orders service\)/);
    session.answer(""); // accept the default

    expect(await session.exited).toBe(0);
    expect(session.screen).toMatch(/Created orders in \.\/orders/);
    const manifest = JSON.parse(readFileSync(join(cwd, "orders", ".create-service.json"), "utf8"));
    expect(manifest.answers).toEqual(expect.objectContaining({ port: 8080, description: "The orders service" }));
  });

  it("asks only for what the flags did not give", async () => {
    const cwd = tempDir();
    const session = start("billing --port 4000 --skip-install --skip-git", cwd);
    await session.waitFor(/Describe the service in one line/);
    expect(session.screen).not.toMatch(/Service name:|Port the service/);
    session.answer("Bills customers");
    expect(await session.exited).toBe(0);
    const manifest = JSON.parse(readFileSync(join(cwd, "billing", ".create-service.json"), "utf8"));
    expect(manifest.answers).toEqual(expect.objectContaining({ port: 4000, description: "Bills customers" }));
  });

  it("--yes never asks, even in a terminal", async () => {
    const cwd = tempDir();
    const session = start("billing --yes --skip-install --skip-git", cwd);
    expect(await session.exited).toBe(0);
    expect(session.screen).not.toMatch(/\?/);
    expect(existsSync(join(cwd, "billing", "package.json"))).toBe(true);
  });

  it("Ctrl-C at a prompt cancels with a non-zero exit and writes nothing", async () => {
    const cwd = tempDir();
    const session = start("--skip-install --skip-git", cwd);
    await session.waitFor(/Service name:/);
    session.answer("orders");
    await session.waitFor(/Port the service listens on/);
    session.press("\u0003");
    expect(await session.exited).toBe(1);
    expect(session.screen).toMatch(/create-service: cancelled; nothing was written/);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
