import type { RuleDefinition } from "../rule.js";
import crossServiceImport from "./cross-service-import.js";
import dualWrite from "./dual-write.js";
import hardcodedEndpoint from "./hardcoded-endpoint.js";
import missingTracing from "./missing-tracing.js";
import sharedDatabase from "./shared-database.js";
import syncCallChain from "./sync-call-chain.js";
import unversionedRoute from "./unversioned-route.js";
import unprotectedCall from "./unprotected-call.js";

/** Every rule, by id. Adding a rule: its file here, docs/rules/<id>.md, test/lint/rules/<id>.test.ts. */
export const RULES: readonly RuleDefinition<never>[] = [sharedDatabase, syncCallChain, unversionedRoute, crossServiceImport, hardcodedEndpoint, missingTracing, unprotectedCall, dualWrite] as unknown as RuleDefinition<never>[];

export function ruleById(id: string): RuleDefinition<never> | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
