import { ts } from "../ts.js";
import type { ExtractContext } from "./context.js";
import { propertyKey } from "./context.js";

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
    if (!key || !local) continue;
    const member = `${name}.${key}`;
    if (ctx.facts.functions.some((f) => f.id === `fn:${local}`)) (ctx.facts.objectMembers ??= {})[member] = { fn: `fn:${local}` };
    else {
      const imported = ctx.imports.get(local);
      if (imported && imported.imported !== "*") (ctx.facts.objectMembers ??= {})[member] = { specifier: imported.specifier, imported: imported.imported };
    }
  }
}
