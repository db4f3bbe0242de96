import { ExtractContext } from "./context.js";
import type { Extractor } from "./extractor.js";

/** Which extractor hooks the walker calls on which nodes of a file: a dispatch plan per set of imported libraries. */

interface DispatchPlan {
  factories: Extractor[];
  newHooks: Extractor[];
  classHooks: Extractor[];
  sqlHooks: Extractor[];
  exportHooks: Extractor[];
  endHooks: Extractor[];
  propertyHooks: Map<string, Extractor[]>;
  identifierHooks: Extractor[];
  otherCallHooks: Extractor[];
  /** Hooks for every call (a method name no hook listed). */
  anyCallHooks: Extractor[];
}

const plans = new WeakMap<readonly Extractor[], Map<number, DispatchPlan>>();

/**
 * Which hook sees which node, for the extractors a file can use: those without `modules`, and those whose
 * modules the file imports. Computed once per list of extractors and set of imported libraries (not once per file).
 */
export function dispatchPlanFor(extractors: readonly Extractor[], ctx: ExtractContext): DispatchPlan {
  let byImports = plans.get(extractors);
  if (!byImports) plans.set(extractors, (byImports = new Map()));
  // A bit per gated extractor, set when this file imports one of its modules.
  let mask = 0;
  let bit = 1;
  for (const extractor of extractors) {
    if (!extractor.modules) continue;
    if (ctx.importsAny(extractor.modules)) mask += bit;
    bit *= 2;
  }
  let plan = byImports.get(mask);
  if (!plan) byImports.set(mask, (plan = dispatchPlan(extractors.filter((extractor) => !extractor.modules || ctx.importsAny(extractor.modules)))));
  return plan;
}

function dispatchPlan(extractors: readonly Extractor[]): DispatchPlan {
  const callHooks = extractors.filter((e) => e.call);
  const wantsAll = (hook: Extractor) => hook.callProperties === undefined && hook.callIdentifiers === undefined && hook.callOthers === undefined;
  const propertyHooks = new Map<string, Extractor[]>();
  for (const hook of callHooks) for (const name of hook.callProperties ?? []) propertyHooks.set(name, [...(propertyHooks.get(name) ?? []), hook]);
  // Keep declaration order when a name has both specific and catch-all hooks.
  for (const [name, hooks] of propertyHooks) propertyHooks.set(name, callHooks.filter((hook) => hooks.includes(hook) || wantsAll(hook)));
  const plan: DispatchPlan = {
    factories: extractors.filter((e) => e.factory),
    newHooks: extractors.filter((e) => e.newExpression),
    classHooks: extractors.filter((e) => e.classDeclaration),
    sqlHooks: extractors.filter((e) => e.sql),
    exportHooks: extractors.filter((e) => e.moduleExport),
    endHooks: extractors.filter((e) => e.fileEnd),
    propertyHooks,
    identifierHooks: callHooks.filter((hook) => hook.callIdentifiers || wantsAll(hook)),
    otherCallHooks: callHooks.filter((hook) => hook.callOthers || wantsAll(hook)),
    anyCallHooks: callHooks.filter(wantsAll),
  };
  return plan;
}
