import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Vitest starts the files that took longest in its last run first, so that the workers finish
 * together. With no last run (a fresh clone, CI) it starts the largest files first, and the
 * slowest files of all, the ones that generate, install and run services, are among the smallest
 * (generated-services/set-<n>.test.ts are three lines): they would start last, and the run would
 * end waiting on them. Here they start first whenever vitest has no duration for some file.
 */
const SLOWEST = [
  /[\\/]test[\\/]template[\\/]generated-services[\\/]set-\d+\.test\.ts$/,
  /[\\/]test[\\/]template[\\/]dockerfile-rehearsal\.test\.ts$/,
  /[\\/]test[\\/]template[\\/]generated-gateway\.test\.ts$/,
  /[\\/]test[\\/]cli[\\/]generated-service\.test\.ts$/,
];

export class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    if (files.every((file) => this.ctx.cache.getTestSpecificationResult(file) !== undefined)) return sorted;
    const slowest = (file: TestSpecification): boolean => SLOWEST.some((pattern) => pattern.test(file.moduleId));
    return [...sorted.filter(slowest), ...sorted.filter((file) => !slowest(file))];
  }
}
