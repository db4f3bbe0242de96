import { describe, expect, it, afterEach } from "vitest";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { tempDir } from "../helpers/temp.js";
import { execa } from "execa";
import { CREATE_SERVICE_BIN, lines, REPO_ROOT, runCreateService } from "../helpers/cli.js";
import { asUserWithoutOverride, privilegeDropUnavailable } from "../helpers/privileges.js";
import { writeTemplate } from "../helpers/template.js";
import { loadTemplateSpec } from "../../src/scaffold/template-spec.js";

const GENERATE = ["--yes", "--skip-install", "--skip-git"];
const packageVersion = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).version as string;

describe("create-service: success path", () => {
  it("writes the service, its manifest, and nothing beside it", async () => {
    const cwd = tempDir();
    const run = await runCreateService(["orders", ...GENERATE], { cwd });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("Created orders in ./orders");
    expect(run.stdout).toContain("cd ./orders");
    expect(readdirSync(cwd)).toEqual(["orders"]); // no staging folder left behind

    const manifest = JSON.parse(readFileSync(join(cwd, "orders", ".create-service.json"), "utf8"));
    expect(manifest.name).toBe("orders");
    expect(manifest.tool).toEqual({ name: "create-service", version: packageVersion });
    expect(manifest.answers).toMatchObject({ port: 25387, description: "The orders service" });
    const paths = Object.keys(manifest.files);
    expect(paths).toContain("package.json");
    for (const path of paths) {
      const bytes = readFileSync(join(cwd, "orders", path));
      expect(createHash("sha256").update(bytes).digest("hex"), path).toBe(manifest.files[path].sha256);
    }
    const pkg = JSON.parse(readFileSync(join(cwd, "orders", "package.json"), "utf8"));
    expect(pkg.name).toBe("orders");
  });

  it("passes flag values through to the files", async () => {
    const cwd = tempDir();
    const description = `Takes "orders" & tracks them`;
    const run = await runCreateService(["orders", ...GENERATE, "--port", "8080", "--description", description], { cwd });
    expect(run.exitCode).toBe(0);
    const pkg = JSON.parse(readFileSync(join(cwd, "orders", "package.json"), "utf8"));
    expect(pkg.description).toBe(description);
    const manifest = JSON.parse(readFileSync(join(cwd, "orders", ".create-service.json"), "utf8"));
    expect(manifest.answers).toMatchObject({ port: 8080, description });
  });

  it("honours --dir, relative to the current folder", async () => {
    const cwd = tempDir();
    const run = await runCreateService(["orders", ...GENERATE, "--dir", "services/orders-api"], { cwd });
    expect(run.exitCode).toBe(0);
    expect(existsSync(join(cwd, "services/orders-api/package.json"))).toBe(true);
  });

  it("--quiet prints nothing on success", async () => {
    const cwd = tempDir();
    const run = await runCreateService(["orders", ...GENERATE, "--quiet"], { cwd });
    expect(run.exitCode).toBe(0);
    expect(run.stdout + run.stderr).toBe("");
  });

  it("prints the version and help", async () => {
    const cwd = tempDir();
    const version = await runCreateService(["--version"], { cwd });
    expect(version.exitCode).toBe(0);
    expect(version.stdout.trim()).toBe(packageVersion);
    const help = await runCreateService(["--help"], { cwd });
    expect(help.exitCode).toBe(0);
    for (const flag of ["--dir", "--port", "--description", "--yes", "--dry-run", "--force", "--skip-install", "--skip-git", "--template", "--json", "--quiet", "--version"]) {
      expect(help.stdout).toContain(flag);
    }
    expect(help.stdout).toContain("Examples:");
    // The limit the name check applies (template.yaml), in the help and in the README's name paragraph.
    const limit = loadTemplateSpec(join(REPO_ROOT, "templates/service")).serviceName.maxLength;
    expect(limit).toBe(45);
    expect(help.stdout.replace(/\s+/g, " ")).toContain(`service name: lowercase letters, digits and '-', starting with a letter, at most ${limit} characters`);
    expect(readFileSync(join(REPO_ROOT, "README.md"), "utf8")).toContain(`starting with a letter, at most ${limit} characters with the built-in template`);
    expect(help.stdout).toMatch(/--port <n> +port the HTTP server listens on, 1-65535 \(default:\s+derived from <name>, 20000-25999\)/);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe("create-service: a port plan for services generated apart", () => {
  const envOf = (dir: string): Record<string, string> =>
    Object.fromEntries(readFileSync(join(dir, ".env.example"), "utf8").split("\n").filter((line) => /^[A-Z_]+=/.test(line)).map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]));

  it("orders --calls inventory looks for inventory on the port inventory takes by default, and the two differ", async () => {
    const cwd = tempDir();
    const orders = await runCreateService(["orders", "--calls", "inventory", ...GENERATE], { cwd });
    const inventory = await runCreateService(["inventory", ...GENERATE], { cwd });
    expect([orders.exitCode, inventory.exitCode]).toEqual([0, 0]);
    const ordersEnv = envOf(join(cwd, "orders"));
    const inventoryEnv = envOf(join(cwd, "inventory"));
    const inventoryUrl = new URL(ordersEnv.INVENTORY_URL!);
    expect(inventoryUrl.hostname).toBe("localhost");
    expect(inventoryUrl.port).toBe(inventoryEnv.PORT);
    expect(ordersEnv.PORT).not.toBe(inventoryEnv.PORT);
    // The container setup follows the same port; compose looks for inventory on the host there too.
    expect(readFileSync(join(cwd, "orders", "Dockerfile"), "utf8")).toMatch(new RegExp(`^EXPOSE ${ordersEnv.PORT}$`, "m"));
    expect(readFileSync(join(cwd, "orders", "docker-compose.yml"), "utf8")).toContain(`INVENTORY_URL:-http://host.docker.internal:${inventoryEnv.PORT}}`);
    // The next steps say where each one listens and where orders looks for inventory.
    expect(orders.stdout).toContain(`npm run dev serves orders on http://localhost:${ordersEnv.PORT} (PORT in .env.example).`);
    expect(orders.stdout).toContain(`It calls inventory on http://localhost:${inventoryEnv.PORT}, the port \`create-service inventory\` gives it by default`);
    expect(inventory.stdout).toContain(`npm run dev serves inventory on http://localhost:${inventoryEnv.PORT} (PORT in .env.example).`);
  });

  it("an explicit --port wins, and the next steps say so", async () => {
    const cwd = tempDir();
    const inventory = await runCreateService(["inventory", "--port", "8081", ...GENERATE], { cwd });
    expect(inventory.exitCode).toBe(0);
    expect(envOf(join(cwd, "inventory")).PORT).toBe("8081");
    expect(inventory.stdout).toContain("npm run dev serves inventory on http://localhost:8081");
  });
});

describe("create-service: bad input gets one clear line, exit 2, and nothing written", () => {
  const cases: Array<{ title: string; args: string[]; message: RegExp }> = [
    { title: "empty name", args: [""], message: /service name is empty/ },
    { title: "uppercase name", args: ["Orders"], message: /invalid service name "Orders".*try "orders"/ },
    { title: "name with a space", args: ["orders service"], message: /invalid service name "orders service".*try "orders-service"/ },
    { title: "relative path as name", args: ["../evil"], message: /invalid service name "\.\.\/evil".*try "evil"/ },
    { title: "absolute path as name", args: ["/abs/path"], message: /invalid service name "\/abs\/path"/ },
    { title: "46-character name", args: ["a".repeat(46)], message: /46 characters long; at most 45 are allowed \(the longest table name, <name>_schema_migrations, must fit PostgreSQL's 63-character limit\); try "a{45}"$/m },
    { title: "a reserved word in SQL", args: ["order"], message: /invalid service name "order": "order" is a reserved word in SQL.*try "order-service"/ },
    { title: "a name the template uses itself", args: ["postgres"], message: /invalid service name "postgres": "postgres" is taken.*try "postgres-service"/ },
    { title: "name that looks like a flag", args: ["-x"], message: /unknown option '-x'/ },
    { title: "node_modules", args: ["node_modules"], message: /invalid service name "node_modules".*try "node-modules"/ },
    { title: "name with a quote", args: [`it's`], message: /invalid service name "it's"/ },
    { title: "name with handlebars", args: ["{{name}}"], message: /invalid service name "\{\{name\}\}"/ },
    { title: "npm core module name", args: ["http"], message: /npm does not accept it/ },
    { title: "port 0", args: ["orders", "--port", "0"], message: /invalid --port value: 0 is out of range; use 1-65535/ },
    { title: "port 70000", args: ["orders", "--port", "70000"], message: /invalid --port value: 70000 is out of range/ },
    { title: "port abc", args: ["orders", "--port", "abc"], message: /invalid --port value: "abc" is not a whole number/ },
    { title: "unknown flag", args: ["orders", "--frobnicate"], message: /unknown option '--frobnicate'/ },
    { title: "two names", args: ["orders", "service"], message: /too many arguments/ },
    { title: "flag without its value", args: ["orders", "--port"], message: /option '--port <n>' argument missing/ },
    { title: "missing --template folder", args: ["orders", "--template", "./no-such-template"], message: /--template \.\/no-such-template: no such folder/ },
    // Two topics whose handler file and function would get the same name: the user's clash, not the template's.
    { title: "consumed topics that differ only in separators", args: ["orders", "--consumes", "order.created,order-created"], message: /^create-service: invalid --consumes value: "order\.created" and "order-created" clash: both give "order-created" .*; keep only one of them$/ },
    { title: "published topics that clash in snake_case", args: ["orders", "--publishes", "order.created,order_created"], message: /invalid --publishes value: "order\.created" and "order_created" clash: both give "order_created"/ },
    { title: "called services that differ only in dashes", args: ["orders", "--calls", "a-b,a--b"], message: /invalid --calls value: "a-b" and "a--b" clash: both give "a-b"/ },
    { title: "a published topic over Kafka's 249 characters", args: ["orders", "--publishes", `order.${"x".repeat(244)}`], message: /invalid --publishes value: "order\.x{14}…" is 250 characters long; it must be a Kafka topic name .* of at most 249 characters, Kafka's limit$/m },
    { title: "a consumed topic whose dead-letter topic would pass 249", args: ["orders", "--consumes", `a.${"x".repeat(198)}`], message: /invalid --consumes value: "a\.x{18}…" is 200 characters long; it must be a Kafka topic name .* of at most 199 characters, so that its dead-letter topic <topic>\.<service>\.dlq fits Kafka's 249$/m },
    { title: "the topic .", args: ["orders", "--publishes", "."], message: /invalid --publishes value: "\." must be a Kafka topic name/ },
    { title: "the topic ..", args: ["orders", "--consumes", ".."], message: /invalid --consumes value: "\.\." must be a Kafka topic name/ },
    { title: "a topic with a character Kafka refuses", args: ["orders", "--publishes", "order/created"], message: /invalid --publishes value: "order\/created" must be a Kafka topic name/ },
    // A list item whose file is one the template writes anyway: the user's name to change, not a broken template.
    { title: "a consumed topic named like the handlers' index", args: ["orders", "--consumes", "index"], message: /^create-service: --consumes index: its file would be src\/consumers\/handlers\/index\.ts, but the template writes that file itself; choose another name for index$/ },
    { title: "a called service named like the HTTP client", args: ["orders", "--calls", "http-client"], message: /^create-service: --calls http-client: its file would be src\/clients\/http-client\.ts, but the template writes that file itself/ },
    { title: "--api-version v0", args: ["orders", "--api-version", "v0"], message: /invalid --api-version value: "v0" must be v1 to v999: a "v" then a number from 1, without a leading zero/ },
    { title: "--api-version v01", args: ["orders", "--api-version", "v01"], message: /"v01" must be v1 to v999/ },
    { title: "--api-version v1000", args: ["orders", "--api-version", "v1000"], message: /"v1000" must be v1 to v999/ },
  ];

  for (const { title, args, message } of cases) {
    it(title, async () => {
      const cwd = tempDir();
      const run = await runCreateService([...GENERATE, ...args], { cwd });
      expect(run.exitCode).toBe(2);
      expect(lines(run.stderr)).toHaveLength(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(readdirSync(cwd)).toEqual([]);
    });
  }

  // v1 is the default every other test generates with.
  it("accepts what those rules allow: v999, topics of exactly 249 and 199 characters, topics that stay distinct", { timeout: 60_000 }, async () => {
    const cwd = tempDir();
    const published = `order.${"x".repeat(243)}`;
    const consumed = `a.${"x".repeat(197)}`;
    const run = await runCreateService(["orders", ...GENERATE, "--dry-run", "--json", "--api-version", "v999", "--publishes", `${published},order.created,order.cancelled`, "--consumes", `${consumed},inventory.reserved`], { cwd });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
  });

  it("a --template folder without template.yaml", async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "my-template"));
    const run = await runCreateService(["orders", ...GENERATE, "--template", "my-template"], { cwd });
    expect(run.exitCode).toBe(2);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/--template my-template: no template\.yaml in it/)]);
    expect(readdirSync(cwd)).toEqual(["my-template"]);
  });

  it("a missing name without a terminal names what to pass", async () => {
    const cwd = tempDir();
    const run = await runCreateService(["--skip-install", "--skip-git"], { cwd });
    expect(run.exitCode).toBe(2);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/missing service name; pass it first: create-service <name>/)]);
  });

  it("a target that is a file", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "orders"), "mine");
    const run = await runCreateService(["orders", ...GENERATE], { cwd });
    expect(run.exitCode).toBe(2);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/orders exists and is not a folder; choose another --dir/)]);
    expect(readFileSync(join(cwd, "orders"), "utf8")).toBe("mine");
  });

  it("a target that exists and is not empty, without --force", async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "orders"));
    writeFileSync(join(cwd, "orders", "package.json"), "{}");
    const run = await runCreateService(["orders", ...GENERATE], { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/already exists and is not empty; choose another --dir, or pass --force/);
    expect(readdirSync(join(cwd, "orders"))).toEqual(["package.json"]);
    expect(readFileSync(join(cwd, "orders", "package.json"), "utf8")).toBe("{}");
  });
});

describe("create-service: a target in a read-only folder", () => {
  const locked: string[] = [];
  afterEach(() => {
    for (const dir of locked.splice(0)) unlock(dir);
  });

  it("is refused with a clear line and leaves nothing", async () => {
    const cwd = tempDir();
    const readOnly = join(cwd, "read-only");
    mkdirSync(readOnly);
    lock(readOnly);
    locked.push(readOnly);
    const run = await runCreateService(["orders", ...GENERATE, "--dir", join(readOnly, "orders")], { cwd });
    expect(run.exitCode).toBe(2);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/cannot write .*: (permission denied|read-only file system); choose a --dir in a folder you can write to/)]);
    expect(readdirSync(readOnly)).toEqual([]);
  });
});

describe("create-service: a target in a folder it may not read", () => {
  it.skipIf(privilegeDropUnavailable)("is refused in one line naming --dir, exit 2, not an unexpected EACCES", async () => {
    const cwd = tempDir();
    const closed = join(cwd, "closed");
    mkdirSync(closed, { mode: 0o000 });
    chmodSync(closed, 0o000);
    const target = join(closed, "orders");
    const [file, args] = asUserWithoutOverride(process.execPath, [CREATE_SERVICE_BIN, "orders", ...GENERATE, "--dir", target]);
    const run = await execa(file, args, { cwd, reject: false, stdin: "ignore", env: { NO_COLOR: "1" } });
    chmodSync(closed, 0o755);
    expect(lines(String(run.stderr))).toEqual([`create-service: cannot write ${target}: permission denied (it or a parent folder cannot be read); choose a --dir in a folder you can write to`]);
    expect(run.exitCode).toBe(2);
    expect(readdirSync(closed)).toEqual([]);
  });

  it.skipIf(privilegeDropUnavailable)("a template file or template.yaml it may not read: one line naming the file, exit 2, not an unexpected error", async () => {
    const cwd = tempDir();
    const template = writeTemplate(join(cwd, "mine"), "name: mine\nversion: 1.0.0\noptions: {}\n", { "a.txt": "a", "secret.txt": "s" });
    const run = async () => {
      const [file, args] = asUserWithoutOverride(process.execPath, [CREATE_SERVICE_BIN, "orders", ...GENERATE, "--template", "mine"]);
      return execa(file, args, { cwd, reject: false, stdin: "ignore", env: { NO_COLOR: "1" } });
    };
    chmodSync(join(template, "files", "secret.txt"), 0o000);
    const unreadableFile = await run();
    expect(lines(String(unreadableFile.stderr))).toEqual([`create-service: ${join(template, "files", "secret.txt")}: permission denied (open); change its permissions, or choose another --dir or --template`]);
    expect(unreadableFile.exitCode).toBe(2);
    chmodSync(join(template, "files", "secret.txt"), 0o644);
    chmodSync(join(template, "template.yaml"), 0o000);
    const unreadableSpec = await run();
    expect(lines(String(unreadableSpec.stderr))).toEqual([`create-service: ${join(template, "template.yaml")}: permission denied (open); change its permissions, or choose another --dir or --template`]);
    expect(unreadableSpec.exitCode).toBe(2);
    expect(readdirSync(cwd)).toEqual(["mine"]);
  });

  it.skipIf(!existsSync("/proc/self"))("a folder the file system will not create (under /proc): one line, exit 2, at once", async () => {
    const run = await runCreateService(["orders", ...GENERATE, "--dir", "/proc/create-service-test/orders"], { cwd: tempDir() });
    expect(lines(run.stderr)).toEqual(["create-service: cannot write /proc/create-service-test: the file system refused to create /proc/create-service-test; choose a --dir in a folder you can write to"]);
    expect(run.exitCode).toBe(2);
  });
});

/**
 * root ignores permission bits, so as root the folder is made immutable
 * (chattr +i), which binds root too; otherwise mode 0555 is enough.
 */
function lock(dir: string): void {
  if (process.getuid?.() === 0) execFileSync("chattr", ["+i", dir]);
  else chmodSync(dir, 0o555);
}
function unlock(dir: string): void {
  if (process.getuid?.() === 0) execFileSync("chattr", ["-i", dir]);
  else chmodSync(dir, 0o755);
}

describe("create-service: --dry-run", () => {
  it("lists paths and sizes and writes nothing", async () => {
    const cwd = tempDir();
    const run = await runCreateService(["orders", "--dry-run", "--yes"], { cwd });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^Dry run: would write \d+ files \(.+\) to \.\/orders/);
    expect(run.stdout).toMatch(/CREATE +package\.json +\d+(\.\d)? (B|kB)/);
    expect(run.stdout).toMatch(/CREATE +\.create-service\.json/);
    expect(run.stdout).toContain("Nothing was written.");
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("marks the files --force would replace", async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "orders"));
    writeFileSync(join(cwd, "orders", "README.md"), "mine");
    const run = await runCreateService(["orders", "--dry-run", "--yes", "--force"], { cwd });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/REPLACE README\.md/);
    expect(readFileSync(join(cwd, "orders", "README.md"), "utf8")).toBe("mine");
  });
});

describe("create-service: --force", () => {
  it("writes into a non-empty folder, lists replaced files and keeps the user's other files", async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "orders"));
    writeFileSync(join(cwd, "orders", "README.md"), "mine");
    writeFileSync(join(cwd, "orders", "NOTES.txt"), "keep me");
    const run = await runCreateService(["orders", ...GENERATE, "--force"], { cwd });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/Replaced 1 existing file:\n  README\.md/);
    expect(readFileSync(join(cwd, "orders", "NOTES.txt"), "utf8")).toBe("keep me");
    expect(readFileSync(join(cwd, "orders", "README.md"), "utf8")).toContain("# orders");
    expect(readdirSync(cwd)).toEqual(["orders"]);
  });
});

describe("create-service: failures part-way leave no target", () => {
  it("a template that references an undefined variable: exit 1, no folder", async () => {
    const cwd = tempDir();
    writeTemplate(join(cwd, "broken"), "name: broken\nversion: 1.0.0\noptions: {}\n", {
      "a.txt": "fine",
      "z.txt.hbs": "Hello {{nope}}",
    });
    const run = await runCreateService(["orders", ...GENERATE, "--template", "broken"], { cwd });
    expect(run.exitCode).toBe(1);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/template file z\.txt\.hbs: "nope" not defined/)]);
    expect(readdirSync(cwd)).toEqual(["broken"]);
  });

  it("a template whose template.yaml is invalid: exit 2 naming the key", async () => {
    const cwd = tempDir();
    writeTemplate(join(cwd, "bad-spec"), "name: bad\nversion: 1.0.0\noptions:\n  port:\n    type: float\n    description: x\n", { "a.txt": "" });
    const run = await runCreateService(["orders", ...GENERATE, "--template", "bad-spec"], { cwd });
    expect(run.exitCode).toBe(2);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/template\.yaml: options\.port\.type: must be one of string, integer, boolean, choice, list/)]);
    expect(readdirSync(cwd)).toEqual(["bad-spec"]);
  });
});

describe("create-service: exit codes as documented", () => {
  // The two tests above pin the behaviour (a file that does not render: 1; an invalid template.yaml: 2).
  it("the README's table and --help say which template problem gives 1 and which gives 2", async () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("### Exit codes"), readme.indexOf("## Templates"));
    const row = (code: string) => table.split("\n").find((line) => line.startsWith(`| ${code} |`)) ?? "";
    expect(row("1")).toMatch(/a template file that does not render/);
    expect(row("1")).not.toMatch(/template\.yaml|broken template/);
    expect(row("2")).toMatch(/a `template\.yaml` that is not valid/);
    expect(row("130, 143")).toMatch(/SIGINT.*SIGTERM/);
    const help = (await runCreateService(["--help"], { cwd: tempDir() })).stdout.replace(/\s+/g, " ");
    expect(help).toMatch(/1 failure \(a template file that does not render[^)]*\)/);
    expect(help).toMatch(/2 usage or configuration error \([^)]*an invalid --template folder or template\.yaml\)/);
  });
});

describe("create-service: --json", () => {
  it("prints one parseable result listing the files", async () => {
    const cwd = tempDir();
    const run = await runCreateService(["orders", ...GENERATE, "--json"], { cwd });
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ ok: true, dryRun: false, name: "orders", dir: join(cwd, "orders"), template: { name: "service" } });
    expect(result.files.map((file: { path: string }) => file.path)).toContain("package.json");
    for (const file of result.files) expect(statSync(join(cwd, "orders", file.path)).size).toBe(file.size);
    expect(result.steps).toEqual([
      { step: "install", status: "skipped", detail: "--skip-install" },
      { step: "git", status: "skipped", detail: "--skip-git" },
    ]);
    expect(result.lockfileMissing).toBe(true);
  });

  it("reports errors as JSON too", async () => {
    const cwd = tempDir();
    const run = await runCreateService(["Orders", ...GENERATE, "--json"], { cwd });
    expect(run.exitCode).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, exitCode: 2, error: expect.stringMatching(/invalid service name/) });
  });
});

describe("create-service: a user's own template", () => {
  it("declares its own options, which become flags and reach the files", async () => {
    const cwd = tempDir();
    writeTemplate(
      join(cwd, "worker"),
      [
        "name: worker",
        "version: 2.1.0",
        "options:",
        "  queue:",
        "    type: string",
        "    description: queue to read",
        "    pattern: '^[a-z-]+$'",
        "    patternHint: must be lowercase words joined by '-'",
        "  concurrency:",
        "    type: integer",
        "    description: parallel jobs",
        "    default: 4",
        "    min: 1",
        "  flavour:",
        "    type: choice",
        "    description: how it runs",
        "    choices: [cron, stream]",
        "    default: stream",
        "  metrics:",
        "    type: boolean",
        "    description: expose metrics",
        "    default: true",
        "",
      ].join("\n"),
      {
        "README.md.hbs": "{{pascal name}} reads {{queue}} with {{concurrency}} jobs ({{flavour}}, metrics {{metrics}})\n",
        "src/__name@camel__Worker.ts.hbs": "export const {{camel name}}Queue = {{json queue}};\n",
      },
    );
    const help = await runCreateService(["--template", "worker", "--help"], { cwd });
    expect(help.stdout).toMatch(/--queue <text> +queue to read/);
    expect(help.stdout).toMatch(/--no-metrics/);
    expect(help.stdout).not.toContain("--port");

    const missing = await runCreateService(["mail-sender", "--template", "worker", ...GENERATE], { cwd });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/missing --queue/);

    const badChoice = await runCreateService(["mail-sender", "--template", "worker", "--queue", "mail", "--flavour", "batch", ...GENERATE], { cwd });
    expect(badChoice.exitCode).toBe(2);
    expect(badChoice.stderr).toMatch(/invalid --flavour value: "batch" is not one of cron, stream/);

    const run = await runCreateService(["mail-sender", "--template", "worker", "--queue", "outgoing-mail", "--no-metrics", ...GENERATE], { cwd });
    expect(run.exitCode).toBe(0);
    expect(readFileSync(join(cwd, "mail-sender", "README.md"), "utf8")).toBe("MailSender reads outgoing-mail with 4 jobs (stream, metrics false)\n");
    expect(readFileSync(join(cwd, "mail-sender", "src", "mailSenderWorker.ts"), "utf8")).toBe(`export const mailSenderQueue = "outgoing-mail";\n`);
    const manifest = JSON.parse(readFileSync(join(cwd, "mail-sender", ".create-service.json"), "utf8"));
    expect(manifest.template).toEqual({ name: "worker", version: "2.1.0" });
    expect(manifest.answers).toEqual({ queue: "outgoing-mail", concurrency: 4, flavour: "stream", metrics: false });
  });
});

describe("create-service: inside a workspace root", () => {
  it("puts the service in the services folder and registers it in package.json workspaces", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "package.json"), `${JSON.stringify({ name: "shop", private: true, workspaces: ["packages/*"] }, null, 2)}\n`);
    const run = await runCreateService(["orders", ...GENERATE], { cwd });
    expect(run.exitCode).toBe(0);
    expect(existsSync(join(cwd, "services", "orders", "package.json"))).toBe(true);
    const root = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8"));
    expect(root.workspaces).toEqual(["packages/*", "services/orders"]);
    expect(run.stdout).toContain("Added orders to the workspaces in ./package.json");
  });

  it("does not touch a workspace list that already covers the folder (pnpm)", async () => {
    const cwd = tempDir();
    const pnpm = "# our packages\npackages:\n  - 'services/*'\n";
    writeFileSync(join(cwd, "pnpm-workspace.yaml"), pnpm);
    const run = await runCreateService(["orders", ...GENERATE], { cwd });
    expect(run.exitCode).toBe(0);
    expect(existsSync(join(cwd, "services", "orders", "package.json"))).toBe(true);
    expect(readFileSync(join(cwd, "pnpm-workspace.yaml"), "utf8")).toBe(pnpm);
  });
});

describe("create-service: git", () => {
  it("initialises a repository with a first commit", async () => {
    const cwd = tempDir();
    const gitConfig = join(cwd, "..", `${cwd.split("/").pop()}.gitconfig`);
    writeFileSync(gitConfig, "[user]\n\temail = test@example.invalid\n\tname = Test\n[init]\n\tdefaultBranch = main\n");
    const env = { GIT_CONFIG_GLOBAL: gitConfig, GIT_CONFIG_NOSYSTEM: "1" };
    const run = await runCreateService(["orders", "--yes", "--skip-install"], { cwd, env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/✔ git repository/);
    const log = execFileSync("git", ["log", "--format=%s"], { cwd: join(cwd, "orders"), env: { ...process.env, ...env } }).toString();
    expect(log.trim()).toBe("chore: generate orders with create-service");
    const status = execFileSync("git", ["status", "--porcelain"], { cwd: join(cwd, "orders"), env: { ...process.env, ...env } }).toString();
    expect(status).toBe("");
  });

  it("skips git inside an existing work tree", async () => {
    const cwd = tempDir();
    execFileSync("git", ["init", "--quiet"], { cwd });
    const run = await runCreateService(["orders", "--yes", "--skip-install"], { cwd });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/- git repository: already inside a git work tree/);
    expect(existsSync(join(cwd, "orders", ".git"))).toBe(false);
  });
});
