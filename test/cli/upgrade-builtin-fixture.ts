import { expect } from "vitest";
import { execa } from "execa";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCreateService } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";
import { rebuildVersion, removeFolder } from "../../src/scaffold/template-history.js";
import { loadTemplateSpec } from "../../src/scaffold/template-spec.js";

const BUILTIN = join(import.meta.dirname, "../../templates/service");
export const GIT_ENV = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };
export const git = (cwd: string, ...args: string[]) => execa("git", args, { cwd, env: GIT_ENV });

/** A service generated with the template's 0.1.0 and committed, with the owner's route and dependency. */
export async function ownersService() {
  const parent = tempDir();
  const rebuilt = rebuildVersion(BUILTIN, loadTemplateSpec(BUILTIN).version, "0.1.0")!;
  const oldTemplate = join(parent, "service-0.1.0");
  cpSync(rebuilt, oldTemplate, { recursive: true });
  removeFolder(rebuilt);
  const generated = await runCreateService(["orders", "--template", oldTemplate, "--yes", "--skip-install", "--skip-git", "--port", "3000"], { cwd: parent });
  expect(generated.exitCode).toBe(0);
  const service = join(parent, "orders");
  const path = (file: string) => join(service, file);
  const edit = (file: string, from: string, to: string) => {
    const text = readFileSync(path(file), "utf8");
    expect(text).toContain(from);
    writeFileSync(path(file), text.replace(from, to));
  };
  await git(service, "init", "-q", "-b", "main");
  await git(service, "add", "-A");
  await git(service, "commit", "-qm", "generated");
  edit("src/app.ts", `      v1.get("/orders", async () => ({ items: [...items.values()] }));`, `      v1.get("/orders", async () => ({ items: [...items.values()] }));\n      v1.get("/orders/count", async () => ({ count: items.size }));`);
  edit("package.json", `"fastify": "5.12.8"\n  }`, `"fastify": "5.12.8",\n    "zod": "4.1.0"\n  }`);
  return { parent, service, path, edit };
}

