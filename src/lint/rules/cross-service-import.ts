import { minimatch } from "minimatch";
import { defineRule, where } from "../rule.js";

/**
 * A service imports source from another service's folder, by relative path, path alias or the
 * other service's package name, instead of from a library package: the two can no longer be
 * built, tested or deployed on their own. The model lists the imports (model/cross-imports.ts,
 * which leaves out libraries, tests and one package's own entries).
 */

export interface CrossServiceImportOptions {
  allow: string[];
}

const HOW = { relative: "by a relative path", alias: "through a path alias", package: "by its package name" } as const;

export default defineRule<CrossServiceImportOptions>({
  meta: {
    id: "cross-service-import",
    description: "Services share code through library packages, never by importing source from another service's folder.",
    defaultSeverity: "error",
    options: {
      allow: {
        type: "array",
        items: { type: "string" },
        description: "Glob patterns (relative to the scan root) of files any service may import, such as a service's published contracts folder (`services/*/contracts/**`). Default: none.",
      },
    },
    defaultOptions: { allow: [] },
  },
  check(model, options) {
    return model.imports
      .filter((imported) => !options.allow.some((pattern) => minimatch(imported.target, pattern, { dot: true })))
      .map((imported) => ({
        messageId: "crossServiceImport",
        message: imported.through
          ? `${imported.service} imports ${imported.through} ${HOW[imported.via]} ('${imported.specifier}'), a shared file outside every service and library that imports ${imported.target} from the folder of ${imported.targetService}; move the shared code into a library package, or ask ${imported.targetService} through its API or its events`
          : `${imported.service} imports ${imported.target} from the folder of ${imported.targetService} ${HOW[imported.via]} ('${imported.specifier}'); move the shared code into a library package, or ask ${imported.targetService} through its API or its events`,
        data: { service: imported.service, target: imported.target, targetService: imported.targetService, specifier: imported.specifier },
        location: imported.location,
        evidence: [
          { message: `${imported.service} imports '${imported.specifier}' at ${where(imported.location)}`, location: imported.location },
          ...(imported.through ? [{ message: `which is ${imported.through}, in no service's or library's folder, and leads to ${imported.target}`, location: { file: imported.through, line: 1, column: 1 } }] : []),
          { message: `which is ${imported.target}, in the folder of ${imported.targetService}`, location: { file: imported.target, line: 1, column: 1 } },
        ],
        key: `${imported.service}|${imported.location.file}|${imported.target}`,
      }));
  },
});
