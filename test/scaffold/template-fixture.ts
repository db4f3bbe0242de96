import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempDir } from "../helpers/temp.js";
import { loadTemplateSpec, type TemplateSpec } from "../../src/scaffold/template-spec.js";

/** A template.yaml with one string option, enough for most render tests. */
export const SMALL_SPEC = `name: small
version: 1.2.3
description: a template for tests
options:
  description:
    type: string
    description: one line about the service
    default: The {{name}} service
`;

export type FixtureFile = string | Buffer | { content: string | Buffer; mode: number };

/** Writes template.yaml and files/ into a fresh temp folder and returns the folder. */
export function writeTemplate(files: Record<string, FixtureFile>, spec = SMALL_SPEC): string {
  const dir = tempDir("create-service-template-");
  writeFileSync(join(dir, "template.yaml"), spec);
  mkdirSync(join(dir, "files"));
  for (const [path, file] of Object.entries(files)) {
    const destination = join(dir, "files", path);
    mkdirSync(dirname(destination), { recursive: true });
    const content = typeof file === "string" || Buffer.isBuffer(file) ? file : file.content;
    writeFileSync(destination, content);
    chmodSync(destination, typeof file === "string" || Buffer.isBuffer(file) ? 0o644 : file.mode);
  }
  return dir;
}

/** writeTemplate, then loadTemplateSpec. */
export function makeTemplate(files: Record<string, FixtureFile>, spec = SMALL_SPEC): TemplateSpec {
  return loadTemplateSpec(writeTemplate(files, spec));
}
