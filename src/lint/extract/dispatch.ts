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

interface PlanCache {
  /** Plans by the file's set of package specifiers (relative ones left out, unless some extractor is gated on one). */
  bySpecifiers: Map<string, DispatchPlan>;
  /** Plans by which gated extractors the file can use, so two sets of packages with the same effect share one. */
  byGates: Map<string, DispatchPlan>;
  gatesRelative: boolean;
}

const plans = new WeakMap<readonly Extractor[], PlanCache>();

/**
 * Which hook sees which node, for the extractors a file can use: those without `modules`, and those whose
 * modules the file imports. Computed once per list of extractors and set of imported packages (not once per file):
 * the files of one repository import a few sets of packages, while asking every gated extractor about every file's
 * relative imports was measured at about 2% of a scan.
 */
export function dispatchPlanFor(extractors: readonly Extractor[], ctx: ExtractContext): DispatchPlan {
  let cache = plans.get(extractors);
  if (!cache) plans.set(extractors, (cache = { bySpecifiers: new Map(), byGates: new Map(), gatesRelative: extractors.some((e) => e.modules?.some(isRelative)) }));
  const key = specifierKey(ctx.specifiers, cache.gatesRelative);
  let plan = cache.bySpecifiers.get(key);
  if (plan) return plan;
  const usable = extractors.filter((extractor) => !extractor.modules || ctx.importsAny(extractor.modules));
  const gates = usable.map((extractor) => extractors.indexOf(extractor)).join(",");
  plan = cache.byGates.get(gates);
  if (!plan) cache.byGates.set(gates, (plan = dispatchPlan(usable)));
  cache.bySpecifiers.set(key, plan);
  return plan;
}

function isRelative(specifier: string): boolean {
  return specifier.charCodeAt(0) === 46;
}

function specifierKey(specifiers: ReadonlySet<string>, withRelative: boolean): string {
  const kept: string[] = [];
  for (const specifier of specifiers) if (withRelative || !isRelative(specifier)) kept.push(specifier);
  return kept.sort().join("\n");
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
