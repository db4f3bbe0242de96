import { ts } from "../ts.js";
import type { ExtractContext } from "./context.js";
import { isFunctionLike, propertyKey } from "./context.js";
import { positionId } from "./function-ids.js";

/**
 * `export const controller = { register, login }` (or such an object exported as default, `module.exports =
 * controller`): an index module gathering the handlers of other modules under one object. A property that names a
 * function of this file or an import is reached as `controller.register` by the modules that import the object
 * (model/call-graph.ts), as a route's handler or a call.
 */
export function recordObjectMembers(name: string, object: ts.ObjectLiteralExpression, ctx: ExtractContext): void {
  for (const prop of object.properties) {
    let key: string | undefined;
    let local: string | undefined;
    if (ts.isShorthandPropertyAssignment(prop)) key = local = prop.name.text;
    else if (ts.isPropertyAssignment(prop) && ts.isIdentifier(prop.initializer)) {
      key = propertyKey(prop.name);
      local = prop.initializer.text;
    }
    // `export const external = { payments: { charge: async () => … } }`: `external.payments.charge` is the function kept
    // there by position (the walker names only a variable's own object's functions, `fn:external.payments`).
    if (!key && ts.isPropertyAssignment(prop) && ts.isObjectLiteralExpression(prop.initializer)) {
      const inner = propertyKey(prop.name);
      if (inner) recordNestedFunctions(`${name}.${inner}`, prop.initializer, ctx, 1);
    }
    if (!key || !local) continue;
    const member = `${name}.${key}`;
    if (ctx.facts.functions.some((f) => f.id === `fn:${local}`)) (ctx.facts.objectMembers ??= {})[member] = { fn: `fn:${local}` };
    else {
      const imported = ctx.imports.get(local);
      if (imported && imported.imported !== "*") (ctx.facts.objectMembers ??= {})[member] = { specifier: imported.specifier, imported: imported.imported };
    }
  }
}

/** The functions of an object literal nested in an exported object, by their path, two levels down at most. */
function recordNestedFunctions(path: string, object: ts.ObjectLiteralExpression, ctx: ExtractContext, depth: number): void {
  for (const prop of object.properties) {
    const key = prop.name && propertyKey(prop.name);
    if (!key) continue;
    if (ts.isMethodDeclaration(prop)) (ctx.facts.objectMembers ??= {})[`${path}.${key}`] = { fn: positionId(prop, ctx) };
    else if (ts.isPropertyAssignment(prop) && isFunctionLike(prop.initializer)) (ctx.facts.objectMembers ??= {})[`${path}.${key}`] = { fn: positionId(prop.initializer, ctx) };
    else if (ts.isPropertyAssignment(prop) && ts.isObjectLiteralExpression(prop.initializer) && depth < 2) recordNestedFunctions(`${path}.${key}`, prop.initializer, ctx, depth + 1);
  }
}
