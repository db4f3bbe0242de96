import { posix } from "node:path";
import { TEST_DIRS, TEST_FILE } from "./discover/files.js";
import type { FileFacts } from "./types.js";

/**
 * Source files in folders the walk skips as tests (`test/`, `spec/`, `e2e/` …) that production code imports:
 * such a folder is a feature of the app (a NestJS resource named `test`: `src/test/test.controller.ts`), not
 * its tests, which production code never imports. Pure: whether a path is a file comes from `isFile`.
 */
export function importedFromTestFolders(facts: Iterable<FileFacts>, known: (rel: string) => boolean, isFile: (rel: string) => boolean): string[] {
  const found = new Set<string>();
  for (const fileFacts of facts) {
    // Cheap first: a relative import reaches a test-named folder only through a segment it writes, or from one.
    const fromTestFolder = TEST_SEGMENT.test(posix.dirname(fileFacts.file));
    for (const specifier of specifiersOf(fileFacts)) {
      if (!specifier.startsWith(".") || !(fromTestFolder || TEST_SEGMENT.test(specifier))) continue;
      const target = posix.normalize(posix.join(posix.dirname(fileFacts.file), specifier));
      if (target.startsWith("../") || target === ".." || !target.split("/").some((segment) => TEST_DIRS.has(segment))) continue;
      const file = sourceFileOf(target, isFile);
      if (file && !known(file) && !TEST_FILE.test(posix.basename(file))) found.add(file);
    }
  }
  return [...found];
}

const TEST_SEGMENT = new RegExp(`(^|/)(${[...TEST_DIRS].map((dir) => dir.replace(/[^\w]/g, "\\$&")).join("|")})(/|$)`);

function* specifiersOf(fileFacts: FileFacts): Iterable<string> {
  for (const fact of fileFacts.imports) yield fact.specifier;
  for (const fact of fileFacts.reexports) yield fact.specifier;
}

const EXTENSIONS = [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"];

/** The source file an import of `target` loads: as written, with an extension, a `.js` written for its `.ts`, or a folder's index. */
function sourceFileOf(target: string, isFile: (rel: string) => boolean): string | undefined {
  const extension = posix.extname(target);
  const stem = EXTENSIONS.includes(extension) ? target.slice(0, -extension.length) : target;
  const tries = [...(EXTENSIONS.includes(extension) ? [target] : []), ...EXTENSIONS.map((ext) => `${stem}${ext}`), ...EXTENSIONS.map((ext) => `${target}/index${ext}`)];
  return tries.find(isFile);
}
