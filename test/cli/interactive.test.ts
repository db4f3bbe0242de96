import { afterEach, describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.js";
import { CREATE_SERVICE_BIN, REPO_ROOT } from "../helpers/cli.js";
import { PtySession } from "../helpers/pty.js";

const TEMPLATE = join(REPO_ROOT, "test/fixtures/templates/every-prompt");
const BACKSPACE = "\u007f";
const DOWN = "\u001b[B";

const sessions: PtySession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.kill();
});

function start(args: string, cwd: string): PtySession {
  const command = [process.execPath, CREATE_SERVICE_BIN].map((part) => JSON.stringify(part)).join(" ");
  const session = new PtySession(`${command} --template ${JSON.stringify(TEMPLATE)} --skip-install --skip-git ${args}`, { cwd });
  sessions.push(session);
  return session;
}

const answersIn = (dir: string) => JSON.parse(readFileSync(join(dir, "answers.json"), "utf8"));

describe("create-service in a terminal", () => {
  it("asks every question, validates inline, and uses the answers", async () => {
    const cwd = tempDir();
    const session = start("", cwd);

    await session.waitFor(/Service name:/);
    session.answer("Orders Service");
    await session.waitFor(/invalid service name "Orders Service".*try "orders-service"/s);
    session.press(BACKSPACE.repeat("Orders Service".length));
    session.answer("orders");

    await session.waitFor(/Port the service listens on \(3000\)/);
    session.answer("70000");
    await session.waitFor(/70000 is out of range; use 1-65535/);
    session.press(BACKSPACE.repeat(5));
    session.answer("8080");

    await session.waitFor(/Describe the service in one line \(The orders service\)/);
    session.answer(""); // accept the default

    await session.waitFor(/Where does it run\?/);
    session.press(DOWN);
    session.answer("");

    await session.waitFor(/Expose metrics\?/);
    session.answer("n");

    await session.waitFor(/Topics it publishes/);
    session.answer("order.created, Order Paid");
    await session.waitFor(/"Order Paid" is not a topic name like order\.created/);
    session.press(BACKSPACE.repeat("order.created, Order Paid".length));
    session.answer("order.created,order.paid");

    expect(await session.exited).toBe(0);
    expect(session.screen).toMatch(/Created orders in \.\/orders/);
    expect(answersIn(join(cwd, "orders"))).toEqual({
      name: "orders",
      port: 8080,
      description: "The orders service",
      runtime: "lambda",
      metrics: false,
      publishes: ["order.created", "order.paid"],
    });
  });

  it("asks only for what the flags did not give", async () => {
    const cwd = tempDir();
    const session = start("billing --port 4000 --runtime kubernetes --no-metrics --publishes bill.sent", cwd);
    await session.waitFor(/Describe the service in one line/);
    session.answer("Bills customers");
    expect(await session.exited).toBe(0);
    expect(session.screen).not.toMatch(/Service name:|Port the service|Where does it run|Expose metrics|Topics it publishes/);
    expect(answersIn(join(cwd, "billing"))).toMatchObject({ port: 4000, description: "Bills customers", metrics: false, publishes: ["bill.sent"] });
  });

  it("--yes never asks, even in a terminal", async () => {
    const cwd = tempDir();
    const session = start("billing --yes", cwd);
    expect(await session.exited).toBe(0);
    expect(session.screen).not.toMatch(/\?/);
    expect(existsSync(join(cwd, "billing", "answers.json"))).toBe(true);
  });

  it("checks the typed name against the template's own limit (45 for the built-in template), as the argument is checked", async () => {
    const cwd = tempDir();
    const command = [process.execPath, CREATE_SERVICE_BIN].map((part) => JSON.stringify(part)).join(" ");
    const session = new PtySession(`${command} --skip-install --skip-git`, { cwd });
    sessions.push(session);
    // Without --template the first question is the kind; the default is the service template.
    await session.waitFor(/What kind of service\?/);
    session.answer("");
    await session.waitFor(/Service name:/);
    session.answer("a".repeat(46));
    // The terminal wraps the line at 80 columns: look for the parts that matter.
    await session.waitFor(/at most 45 are allowed \(the longest table name/);
    expect(session.screen).toMatch(/_migrations, must fit PostgreSQL's 63-character limit\); try "a+\s*a+"/);
    session.press(BACKSPACE);
    session.answer("");
    await session.waitFor(/Port the service listens on/);
    session.press("\u0003");
    expect(await session.exited).toBe(1);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("Ctrl-C at a prompt cancels with a non-zero exit and writes nothing", async () => {
    const cwd = tempDir();
    const session = start("", cwd);
    await session.waitFor(/Service name:/);
    session.answer("orders");
    await session.waitFor(/Port the service listens on/);
    session.press("\u0003");
    expect(await session.exited).toBe(1);
    expect(session.screen).toMatch(/create-service: cancelled; nothing was written/);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
