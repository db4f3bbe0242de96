import { createHash } from "node:crypto";
import type { VirtualTree } from "./virtual-tree.js";
import type { Answers } from "./option-values.js";

/**
 * `.create-service.json` records what generated the service and the hash of
 * every file as generated, so a later upgrade can tell a user's edits from
 * our output. It holds no timestamp: the same inputs give the same bytes.
 */

export const MANIFEST_FILE = ".create-service.json";
export const MANIFEST_SCHEMA_VERSION = 1;

export interface Manifest {
  manifestVersion: number;
  tool: { name: string; version: string };
  template: { name: string; version: string };
  name: string;
  answers: Answers;
  files: Record<string, { sha256: string; mode: string }>;
}

export interface ManifestInput {
  toolVersion: string;
  template: { name: string; version: string };
  name: string;
  answers: Answers;
}

export function buildManifest(tree: VirtualTree, input: ManifestInput): Manifest {
  const files: Manifest["files"] = {};
  for (const [path, file] of tree.entries()) {
    if (path === MANIFEST_FILE) continue;
    files[path] = { sha256: sha256(file.content), mode: file.mode.toString(8) };
  }
  return {
    manifestVersion: MANIFEST_SCHEMA_VERSION,
    tool: { name: "create-service", version: input.toolVersion },
    template: input.template,
    name: input.name,
    answers: input.answers,
    files,
  };
}

export const sha256 = (content: Buffer): string => createHash("sha256").update(content).digest("hex");
