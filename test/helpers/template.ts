import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes a template folder (template.yaml + files/) for a test and returns its path. */
export function writeTemplate(root: string, spec: string, files: Record<string, string | Buffer>): string {
  mkdirSync(join(root, "files"), { recursive: true });
  writeFileSync(join(root, "template.yaml"), spec);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, "files", path, ".."), { recursive: true });
    writeFileSync(join(root, "files", path), content);
  }
  return root;
}

export const TINY_SPEC = "name: tiny\nversion: 1.0.0\noptions: {}\n";
