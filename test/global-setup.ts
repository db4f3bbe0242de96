import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { ensureBuilt } from "./helpers/build.js";

/**
 * Runs once per `vitest run`, before any test file:
 * - builds dist/ when src/ is newer (test/helpers/build.ts), so the tests that spawn the CLIs
 *   never run stale code, and `npm test` needs no build step of its own;
 * - makes the folder where test/helpers/service-deps.ts installs each dependency set of the
 *   generated services once per run, removed at the end.
 */

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the generated services' dependency sets are installed, one subfolder per set. */
    serviceDepsRoot: string;
  }
}

let serviceDepsRoot: string | undefined;

export function setup(project: TestProject): void {
  ensureBuilt();
  serviceDepsRoot = mkdtempSync(join(tmpdir(), "create-service-deps-"));
  project.provide("serviceDepsRoot", serviceDepsRoot);
}

export function teardown(): void {
  if (serviceDepsRoot !== undefined) rmSync(serviceDepsRoot, { recursive: true, force: true });
}
