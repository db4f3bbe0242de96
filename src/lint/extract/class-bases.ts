import { ts } from "../ts.js";
import type { FileFacts } from "../types.js";
import type { Extractor } from "./walk.js";

/**
 * `class OrderService extends BaseService`: the base each class extends, so that `this.save()` in OrderService, or
 * `orderService.save()`, reaches `save` where BaseService (here or in another module) defines it (model/inheritance.ts).
 */
export const classBases: Extractor = {
  family: "class-bases",
  classDeclaration(node, ctx) {
    const heritage = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (!heritage || !node.name) return;
    let base: NonNullable<FileFacts["classBases"]>[string] | undefined;
    if (ts.isIdentifier(heritage)) {
      const imported = ctx.imports.get(heritage.text);
      base = imported ? (imported.imported === "*" ? undefined : { specifier: imported.specifier, name: imported.imported }) : { local: heritage.text };
    } else if (ts.isPropertyAccessExpression(heritage) && ts.isIdentifier(heritage.expression)) {
      const imported = ctx.imports.get(heritage.expression.text);
      if (imported?.imported === "*") base = { specifier: imported.specifier, name: heritage.name.text };
    }
    if (base) (ctx.facts.classBases ??= {})[node.name.text] = base;
  },
};
