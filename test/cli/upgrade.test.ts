import { describe, expect, it } from "vitest";
import { execa } from "execa";
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CREATE_SERVICE_BIN, runCreateService } from "../helpers/cli.js";
import { PtySession } from "../helpers/pty.js";
import { tempDir } from "../helpers/temp.js";
import { editAsOwner, rewriteAsV2, writeTinyTemplateV1 } from "../scaffold/upgrade-fixture.js";

/**
 * `create-service upgrade` end to end on the two-version fixture template: the template folder is a git
 * repository (its history gives the old version), the service is generated from version 1 by the built
 * binary, edited as its owner would, and upgraded to version 2.
 */

const FAULT_HOOK = fileURLToPath(new URL("../helpers/fs-fault-hook.mjs", import.meta.url));
const GIT_ENV = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };

async function git(cwd: string, ...args: string[]): Promise<string> {
  return String((await execa("git", args, { cwd, env: GIT_ENV })).stdout);
}

interface Scenario {
  parent: string;
  template: string;
  service: string;
}

/** v1 committed, the service generated from it and edited, then v2 committed on top (no tag: found by template.yaml's version). */
async function scenario(opts: { serviceInGit?: boolean } = {}): Promise<Scenario> {
  const parent = tempDir();
  const template = join(parent, "tpl");
  cpSync(writeTinyTemplateV1(), template, { recursive: true });
  await git(template, "init", "-q", "-b", "main");
  await git(template, "add", "-A");
  await git(template, "commit", "-qm", "v1");
  const service = join(parent, "orders");
  const generated = await runCreateService(["orders", "--template", template, "--yes", "--skip-install", "--skip-git", "--dir", service, "--description", "Takes orders"], { cwd: parent });
  expect(generated.stderr).toBe("");
  if (opts.serviceInGit) {
    await git(service, "init", "-q", "-b", "main");
    await git(service, "add", "-A");
    await git(service, "commit", "-qm", "generated");
  }
  editAsOwner(service);
  if (opts.serviceInGit) {
    await git(service, "add", "-A");
    await git(service, "commit", "-qm", "owner's work");
  }
  rewriteAsV2(template);
  await git(template, "add", "-A");
  await git(template, "commit", "-qm", "v2");
  return { parent, template, service };
}

/** Every file under `root` with its mode and content hash. */
function snapshot(root: string, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(join(root, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (relative === ".git") continue;
    if (entry.isDirectory()) Object.assign(out, snapshot(root, relative));
    else out[relative] = createHash("sha256").update(readFileSync(join(root, relative))).digest("hex");
  }
  return out;
}

const read = (s: Scenario, path: string): string => readFileSync(join(s.service, path), "utf8");
const upgrade = (s: Scenario, ...args: string[]) => runCreateService(["upgrade", s.service, "--template", s.template, "--yes", "--skip-install", ...args], { cwd: s.parent });

describe("create-service upgrade", () => {
  it("upgrades every file by who changed it, lists the conflict and exits 1", async () => {
    const s = await scenario();
    const run = await upgrade(s);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(/^Upgraded orders in \.\/orders from template tiny 0\.1\.0 to 0\.2\.0 \(old version from git [0-9a-f]{7}\)$/);
    expect(lines).toContain("  0.1.0 → 0.2.0: bumps fastify to 5.2.0");
    expect(lines).toContain("New template options, set to their defaults or your answers: logLevel");
    expect(lines).toContain("  conflict src/conflict.ts  (1 conflict marked with <<<<<<< and >>>>>>>)");
    expect(lines).toContain("  deleted  src/deleted.ts  (you deleted it; it stays deleted)");
    expect(lines).toContain("1 file to resolve: src/conflict.ts; fix the marked lines (search for <<<<<<<), then commit");

    expect(read(s, "src/conflict.ts")).toBe("<<<<<<< yours\nexport const timeout = 2000;\n=======\nexport const timeout = 5000;\n>>>>>>> template tiny 0.2.0\n");
    expect(read(s, "src/merged.ts")).toContain("export const line2 = 200; // ours");
    expect(read(s, "src/merged.ts")).toContain("export const line18 = 1800;");
    expect(JSON.parse(read(s, "package.json")).dependencies).toEqual({ fastify: "5.2.0", pino: "9.0.0", zod: "4.0.0" });
    expect(read(s, "README.md")).toBe("# orders\n\nTakes orders\n\nLog level: info\n");
    expect(read(s, "src/new.ts")).toBe('export const level = "info";\n');
    expect(read(s, "migrations/0001_init.sql")).toBe("CREATE TABLE items (id int);\n");
    expect(read(s, "migrations/0002_more.sql")).toBe("ALTER TABLE items ADD COLUMN price int;\n");
    expect(read(s, "src/owner-only.ts")).toBe("export const mine = true;\n");
    expect(read(s, "src/old-edited.ts")).toBe("export const oldEdited = 'still used';\n");
    expect(read(s, "src/mine.ts")).toBe("export const onlyMine = 1;\n");
    expect(existsSync(join(s.service, "src/old.ts"))).toBe(false);
    expect(existsSync(join(s.service, "src/deleted.ts"))).toBe(false);
    const manifest = JSON.parse(read(s, ".create-service.json"));
    expect(manifest.template).toEqual({ name: "tiny", version: "0.2.0" });
    expect(manifest.answers).toEqual({ description: "Takes orders", logLevel: "info" });
    // Nothing of ours stays beside the service.
    expect(readdirSync(s.parent).sort()).toEqual(["orders", "tpl"]);

    // Run again: already current.
    const again = await upgrade(s);
    expect(again).toEqual({ exitCode: 0, stderr: "", stdout: "orders in ./orders is already at template tiny 0.2.0; nothing to upgrade" });
  });

  it("--dry-run prints the summary and a unified diff, and writes nothing", async () => {
    const s = await scenario();
    const before = snapshot(s.service);
    const run = await upgrade(s, "--dry-run");
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^Dry run: would upgrade orders/);
    expect(run.stdout).toContain("1 file would have conflicts: src/conflict.ts");
    expect(run.stdout).toContain("--- a/README.md\n+++ b/README.md\n");
    expect(run.stdout).toContain("+Log level: info");
    expect(run.stdout).toContain("--- a/src/old.ts\n+++ /dev/null\n");
    expect(run.stdout).toContain("Nothing was written.");
    expect(snapshot(s.service)).toEqual(before);

    const json = await upgrade(s, "--dry-run", "--json");
    const parsed = JSON.parse(json.stdout);
    expect(parsed.conflicts).toEqual(["src/conflict.ts"]);
    expect(parsed.files.find((file: { path: string }) => file.path === "package.json")).toEqual({ path: "package.json", outcome: "merged", reason: null });
    expect(parsed.dependenciesChanged).toBe(true);
    expect(snapshot(s.service)).toEqual(before);
  });

  it("refuses a dirty git work tree (exit 2, one line) unless --force", async () => {
    const s = await scenario({ serviceInGit: true });
    writeFileSync(join(s.service, "src/mine.ts"), "export const onlyMine = 2;\n");
    const before = snapshot(s.service);
    const refused = await upgrade(s);
    expect(refused).toEqual({ exitCode: 2, stdout: "", stderr: "create-service: ./orders has 1 uncommitted change (git status); commit them first so the upgrade can be reviewed and undone on its own, or pass --force" });
    expect(snapshot(s.service)).toEqual(before);
    const forced = await upgrade(s, "--force");
    expect(forced.exitCode).toBe(1);
    expect(read(s, "src/mine.ts")).toBe("export const onlyMine = 2;\n");
  });

  it("--from names the old template when its git history cannot; a wrong one is refused", async () => {
    const s = await scenario();
    const old = join(s.parent, "tpl-v1");
    cpSync(writeTinyTemplateV1(), old, { recursive: true });
    const notGit = join(s.parent, "tpl-copy");
    cpSync(s.template, notGit, { recursive: true, filter: (path) => !path.includes(".git") });
    const missing = await runCreateService(["upgrade", s.service, "--template", notGit, "--yes", "--skip-install"], { cwd: s.parent });
    expect(missing).toEqual({ exitCode: 2, stdout: "", stderr: "create-service: cannot find template tiny 0.1.0, which generated the service: it is not in the template's history/ nor its git history; pass --from <folder of tiny 0.1.0>" });
    const unnamed = await runCreateService(["upgrade", s.service, "--yes"], { cwd: s.parent });
    expect(unnamed).toEqual({ exitCode: 2, stdout: "", stderr: "create-service: the service was generated with template tiny, which is not built in; pass its folder: --template <dir>" });
    const wrong = await runCreateService(["upgrade", s.service, "--template", notGit, "--from", notGit, "--yes"], { cwd: s.parent });
    expect(wrong.stderr).toBe(`create-service: --from ${notGit} is template tiny 0.2.0, but the service was generated with tiny 0.1.0; pass the folder of that version`);
    const run = await runCreateService(["upgrade", s.service, "--template", notGit, "--from", old, "--yes", "--skip-install"], { cwd: s.parent });
    expect(run.stdout).toContain(`(old version from --from ${old})`);
    expect(read(s, "src/merged.ts")).toContain("export const line2 = 200; // ours");
  });

  it("--json: the decisions, the conflicts, and npm install skipped because the dependencies changed", async () => {
    const s = await scenario();
    const run = await upgrade(s, "--json");
    expect(run.exitCode).toBe(1);
    const parsed = JSON.parse(run.stdout);
    expect(parsed).toMatchObject({ ok: false, dryRun: false, name: "orders", template: { name: "tiny", from: "0.1.0", to: "0.2.0" }, conflicts: ["src/conflict.ts"], dependenciesChanged: true });
    expect(parsed.steps).toEqual([{ step: "install", status: "skipped", detail: "--skip-install" }]);
    expect(parsed.changelog).toEqual([
      "0.1.0 → 0.2.0: adds a log level option and src/new.ts",
      "0.1.0 → 0.2.0: adds a second migration",
      "0.1.0 → 0.2.0: bumps fastify to 5.2.0",
    ]);
    expect(parsed.files.map((file: { path: string; outcome: string }) => `${file.outcome} ${file.path}`)).toContain("removed src/old.ts");
    expect(parsed).not.toHaveProperty("diff");
  });

  it("in a terminal, asks for a new option instead of taking its default", { timeout: 60_000 }, async () => {
    const s = await scenario();
    const command = [process.execPath, CREATE_SERVICE_BIN].map((part) => JSON.stringify(part)).join(" ");
    const session = new PtySession(`${command} upgrade orders --template ${JSON.stringify(s.template)} --skip-install`, { cwd: s.parent });
    try {
      await session.waitFor(/Log level of the service/);
      session.press("\u001b[B");
      session.answer("");
      expect(await session.exited).toBe(1);
    } finally {
      session.kill();
    }
    expect(read(s, "README.md")).toBe("# orders\n\nTakes orders\n\nLog level: debug\n");
    expect(JSON.parse(read(s, ".create-service.json")).answers.logLevel).toBe("debug");
  });

  it("a folder that create-service did not generate is a usage error", async () => {
    const parent = tempDir();
    const run = await runCreateService(["upgrade", parent], { cwd: parent });
    expect(run).toEqual({ exitCode: 2, stdout: "", stderr: "create-service: . has no .create-service.json, so create-service did not generate it (or the file was deleted); pass the folder of a generated service" });
  });

  it("a signal or a failed write at any point of the upgrade leaves the service as it was, or completely upgraded", { timeout: 120_000 }, async () => {
    const fresh = async () => {
      const s = await scenario();
      return { s, before: snapshot(s.service) };
    };
    const complete = await (async () => {
      const { s } = await fresh();
      await upgrade(s);
      return JSON.stringify(snapshot(s.service));
    })();
    const runFaulted = (s: Scenario, env: Record<string, string>) =>
      execa(process.execPath, ["--import", FAULT_HOOK, CREATE_SERVICE_BIN, "upgrade", s.service, "--template", s.template, "--yes", "--skip-install"], {
        cwd: s.parent, env: { NO_COLOR: "1", FS_FAULT_ROOT: s.parent, ...env }, reject: false, stdin: "ignore",
      });
    const calibration = await fresh();
    const countFile = join(tempDir(), "count");
    await runFaulted(calibration.s, { FS_FAULT_AT: "0", FS_FAULT_COUNT_FILE: countFile });
    const total = Number(readFileSync(countFile, "utf8"));
    expect(total).toBeGreaterThan(10);
    const outcomes: string[] = [];
    for (const at of [1, Math.round(total / 3), Math.round((2 * total) / 3), total]) {
      for (const fault of [{ FS_FAULT_SIGNAL: "SIGINT" }, { FS_FAULT_ERRNO: "EIO" }] as Array<Record<string, string>>) {
        const { s, before } = await fresh();
        const run = await runFaulted(s, { FS_FAULT_AT: String(at), ...fault });
        const after = JSON.stringify(snapshot(s.service));
        const state = after === JSON.stringify(before) ? "as before" : after === complete ? "complete" : "half-written";
        const said = /cannot write .*; nothing was (written|changed)$/.test(String(run.stderr)) ? "said so" : "silent";
        outcomes.push(`${JSON.stringify(fault)} at ${at}/${total}: ${state}, exit ${run.exitCode}, ${said}, leftovers ${readdirSync(s.parent).filter((name) => !["orders", "tpl"].includes(name)).join(",")}`);
      }
    }
    expect(outcomes.filter((outcome) => /half-written|leftovers \S/.test(outcome))).toEqual([]);
    // A signal stops it (130) whether it came before or during the write; a failed write exits 1 and changes nothing.
    expect(outcomes.filter((outcome) => outcome.includes("SIGINT") && !outcome.includes("exit 130"))).toEqual([]);
    const failedWrites = outcomes.filter((outcome) => outcome.includes("EIO") && !outcome.includes("complete"));
    expect(failedWrites.length).toBeGreaterThan(1);
    expect(failedWrites.filter((outcome) => !/as before, exit 1, said so/.test(outcome))).toEqual([]);
  });
});
