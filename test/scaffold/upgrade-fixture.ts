import { mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { writeTemplate, type FixtureFile } from "./template-fixture.js";

/**
 * A small template in two versions, and the edits an owner makes between them,
 * chosen so that every per-file rule of an upgrade is hit once.
 */

const numbered = (from: number, to: number, tag = ""): string =>
  Array.from({ length: to - from + 1 }, (_, i) => `export const line${from + i} = ${from + i};${tag}`).join("\n");

const spec = (version: string, extraOption = ""): string => `name: tiny
version: ${version}
description: a template for upgrade tests
changelog:
  0.2.0:
    - adds a log level option and src/new.ts
    - adds a second migration
    - bumps fastify to 5.2.0
options:
  description:
    type: string
    description: one line about the service
    default: The {{name}} service
${extraOption}`;

const packageJson = (fastify: string): string => `{
  "name": "{{name}}",
  "version": "0.1.0",
  "description": {{json description}},
  "dependencies": {
    "fastify": "${fastify}",
    "pino": "9.0.0"
  }
}
`;

const compose = (logLevel: string): string => `# Local run of {{name}}.
services:
  app:
    image: node:24
    environment:
      LOG_LEVEL: ${logLevel}
`;

const V1: Record<string, FixtureFile> = {
  "README.md.hbs": "# {{name}}\n\n{{description}}\n",
  "compose.yaml.hbs": compose("info"),
  "package.json.hbs": packageJson("5.0.0"),
  "src/merged.ts": `${numbered(1, 20)}\n`,
  "src/conflict.ts": "export const timeout = 1000;\n",
  "src/owner-only.ts": "export const mine = false;\n",
  "src/old.ts": "export const old = true;\n",
  "src/old-edited.ts": "export const oldEdited = true;\n",
  "src/deleted.ts": "export const deleted = 1;\n",
  "migrations/0001_init.sql": "CREATE TABLE items (id int);\n",
  "scripts/run.sh": { content: "#!/bin/sh\necho run\n", mode: 0o755 },
};

const V2: Record<string, FixtureFile> = {
  "README.md.hbs": "# {{name}}\n\n{{description}}\n\nLog level: {{logLevel}}\n",
  "compose.yaml.hbs": compose("warn"),
  "package.json.hbs": packageJson("5.2.0"),
  "src/merged.ts": `${numbered(1, 17)}\nexport const line18 = 1800;\n${numbered(19, 20)}\n`,
  "src/conflict.ts": "export const timeout = 5000;\n",
  "src/owner-only.ts": "export const mine = false;\n",
  "src/deleted.ts": "export const deleted = 2;\n",
  "src/new.ts.hbs": "export const level = {{json logLevel}};\n",
  "migrations/0001_init.sql": "CREATE TABLE items (id int, name text);\n",
  "migrations/0002_more.sql": "ALTER TABLE items ADD COLUMN price int;\n",
  "scripts/run.sh": { content: "#!/bin/sh\nset -eu\necho run\n", mode: 0o755 },
};

const LOG_LEVEL = `  logLevel:
    type: choice
    description: log level
    prompt: Log level of the service
    choices: [info, debug]
    default: info
`;

export const writeTinyTemplateV1 = (): string => writeTemplate(V1, spec("0.1.0"));
export const writeTinyTemplateV2 = (): string => writeTemplate(V2, spec("0.2.0", LOG_LEVEL));

/** Replaces a template folder's content with version 2, as a template author's commit would. */
export function rewriteAsV2(dir: string): void {
  rmSync(join(dir, "files"), { recursive: true });
  const fresh = writeTinyTemplateV2();
  writeFileSync(join(dir, "template.yaml"), readFileSync(join(fresh, "template.yaml")));
  for (const [path, file] of Object.entries(V2)) {
    const destination = join(dir, "files", path);
    mkdirSync(dirname(destination), { recursive: true });
    const content = typeof file === "string" || Buffer.isBuffer(file) ? file : file.content;
    writeFileSync(destination, content, { mode: typeof file === "object" && "mode" in file ? file.mode : 0o644 });
  }
}

/** What the owner does to the generated service between the two versions. */
export function editAsOwner(service: string): void {
  const edit = (path: string, change: (text: string) => string) => writeFileSync(join(service, path), change(readFileSync(join(service, path), "utf8")));
  edit("src/merged.ts", (text) => text.replace("export const line2 = 2;", "export const line2 = 200; // ours"));
  edit("src/conflict.ts", () => "export const timeout = 2000;\n");
  edit("src/owner-only.ts", () => "export const mine = true;\n");
  edit("src/old-edited.ts", () => "export const oldEdited = 'still used';\n");
  edit("package.json", (text) => text.replace('"pino": "9.0.0"', '"pino": "9.0.0",\n    "zod": "4.0.0"'));
  edit("compose.yaml", (text) => text.replace("      LOG_LEVEL: info\n", "      LOG_LEVEL: info\n      FEATURE_X: \"on\" # ours\n"));
  unlinkSync(join(service, "src/deleted.ts"));
  writeFileSync(join(service, "src/mine.ts"), "export const onlyMine = 1;\n");
}
