import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp.js";
import { CREATE_SERVICE_BIN, lines, REPO_ROOT, runCreateService } from "../helpers/cli.js";
import { PtySession } from "../helpers/pty.js";

/**
 * `--template` takes a built-in template's name (service, the default, or gateway) as well as a
 * folder; a name that is neither is a usage error naming the choices.
 */

const GENERATE = ["--yes", "--skip-install", "--skip-git"];
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, ".create-service.json"), "utf8")) as { template: { name: string }; answers: Record<string, unknown> };

describe("create-service --template <built-in name>", () => {
  it("generates a gateway with --template gateway, routing the services --routes names", async () => {
    const cwd = tempDir();
    const run = await runCreateService(["edge", "--template", "gateway", "--routes", "orders,inventory", ...GENERATE], { cwd });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Created edge in ./edge");
    expect(run.stdout).toMatch(/\(\d+ files, template gateway@/);
    const dir = join(cwd, "edge");
    expect(manifestOf(dir)).toMatchObject({ template: { name: "gateway" }, answers: { routes: ["orders", "inventory"], port: expect.any(Number) } });
    expect(readFileSync(join(dir, "src/service.ts"), "utf8")).toContain('export const ROUTES = ["orders", "inventory"] as const;');
    expect(existsSync(join(dir, "k8s/httproute.yaml"))).toBe(true);
    expect(existsSync(join(dir, "migrations"))).toBe(false);
  });

  it("generates a service with --template service, as without --template", async () => {
    const cwd = tempDir();
    const named = await runCreateService(["orders", "--template", "service", "--dry-run", "--json", ...GENERATE], { cwd });
    const unnamed = await runCreateService(["orders", "--dry-run", "--json", ...GENERATE], { cwd });
    expect(named.exitCode).toBe(0);
    expect(JSON.parse(named.stdout)).toEqual(JSON.parse(unnamed.stdout));
    expect(JSON.parse(named.stdout)).toMatchObject({ template: { name: "service" } });
  });

  it("needs --routes for a gateway: one line naming the flag, exit 2, nothing written", async () => {
    const cwd = tempDir();
    const run = await runCreateService(["edge", "--template", "gateway", ...GENERATE], { cwd });
    expect(run.exitCode).toBe(2);
    expect(lines(run.stderr)).toEqual(["create-service: missing --routes: this template needs it (services the gateway routes to, each under /v1/<service>/*); pass --routes <value>"]);
    expect(readdirSync(cwd)).toEqual([]);
    const empty = await runCreateService(["edge", "--template", "gateway", "--routes", ",", ...GENERATE], { cwd });
    expect(empty.exitCode).toBe(2);
    expect(lines(empty.stderr)).toEqual(["create-service: invalid --routes value: needs at least 1 item, comma-separated"]);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("refuses a name that is neither a built-in template nor a folder: one line naming the choices, exit 2, nothing written", async () => {
    const cwd = tempDir();
    const run = await runCreateService(["edge", "--template", "gatway", ...GENERATE], { cwd });
    expect(run.exitCode).toBe(2);
    expect(lines(run.stderr)).toEqual([
      "create-service: --template gatway: no built-in template or folder of that name; choose service or gateway, or pass the path of a template folder (template.yaml and files/)",
    ]);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("a gateway's flag without --template gateway: one line saying which template it belongs to, exit 2, nothing written", async () => {
    const cwd = tempDir();
    const run = await runCreateService(["edge", "--routes", "orders", ...GENERATE], { cwd });
    expect(run.exitCode).toBe(2);
    expect(lines(run.stderr)).toEqual(["create-service: --routes is an option of the gateway template, not of service; add --template gateway"]);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("lists both built-in templates in --help, and the gateway's own options with --template gateway --help", async () => {
    const cwd = tempDir();
    const help = await runCreateService(["--help"], { cwd });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/--template <name\|dir>\s+the built-in template to use \(service, gateway;\s+default: service\)/);
    expect(help.stdout).toMatch(/^ {2}service {3}a service with its own database.* \(the default\)$/m);
    expect(help.stdout).toMatch(/^ {2}gateway {3}an API gateway/m);
    const gatewayHelp = await runCreateService(["--template", "gateway", "--help"], { cwd });
    expect(gatewayHelp.stdout).toMatch(/Template options \(gateway template/);
    expect(gatewayHelp.stdout).toMatch(/--routes <items>\s+services the gateway routes to/);
    expect(gatewayHelp.stdout).not.toContain("--publishes");
  });

  it("the README lists both built-in templates", () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    expect(readme).toMatch(/\| `--template <name\\\|dir>` \|.*`service`.*`gateway`/);
    expect(readme).toContain("create-service edge --template gateway --routes orders,inventory --yes");
  });
});

describe("create-service in a terminal, without --template", () => {
  const sessions: PtySession[] = [];
  afterEach(() => {
    for (const session of sessions.splice(0)) session.kill();
  });

  it("asks which kind first, then the chosen template's own questions", async () => {
    const cwd = tempDir();
    const command = [process.execPath, CREATE_SERVICE_BIN].map((part) => JSON.stringify(part)).join(" ");
    const session = new PtySession(`${command} --skip-install --skip-git`, { cwd });
    sessions.push(session);
    await session.waitFor(/What kind of service\?/);
    expect(session.screen).toMatch(/service: a service with its own database/);
    expect(session.screen).toMatch(/gateway: an API gateway/);
    session.press("\u001b[B");
    session.answer("");
    await session.waitFor(/Service name:/);
    session.answer("edge");
    await session.waitFor(/Port the gateway listens on/);
    session.answer("");
    await session.waitFor(/Describe the gateway in one line/);
    session.answer("");
    await session.waitFor(/Services the gateway routes to/);
    session.answer("");
    await session.waitFor(/needs at least 1 item/);
    session.answer("orders,inventory");
    expect(await session.exited).toBe(0);
    expect(manifestOf(join(cwd, "edge"))).toMatchObject({ template: { name: "gateway" }, answers: { routes: ["orders", "inventory"], description: "The edge API gateway" } });
  }, 60_000);

  it("does not ask which kind when a flag of one built-in template already says it", async () => {
    const cwd = tempDir();
    const command = [process.execPath, CREATE_SERVICE_BIN].map((part) => JSON.stringify(part)).join(" ");
    const session = new PtySession(`${command} edge --routes orders --port 8080 --skip-install --skip-git`, { cwd });
    sessions.push(session);
    await session.waitFor(/Describe the gateway in one line/);
    session.answer("");
    expect(await session.exited).toBe(0);
    expect(session.screen).not.toMatch(/What kind of service\?/);
    expect(manifestOf(join(cwd, "edge"))).toMatchObject({ template: { name: "gateway" }, answers: { routes: ["orders"], port: 8080 } });
  }, 60_000);
});
