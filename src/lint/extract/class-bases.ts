import { ts } from "../ts.js";
import type { TopicMemberFact } from "../types.js";
import type { Extractor } from "./extractor.js";
import type { ExtractContext } from "./context.js";

/**
 * `class OrderService extends BaseService`: the base each class extends, so that `this.save()` in OrderService, or
 * `orderService.save()`, reaches `save` where BaseService (here or in another module) defines it (model/inheritance.ts).
 */
export const classBases: Extractor = {
  family: "class-bases",
  classDeclaration(node, ctx) {
    const base = node.name ? classBaseOf(node, ctx) : undefined;
    if (base) (ctx.facts.classBases ??= {})[node.name!.text] = base;
    // `class Publisher implements IPublisher`: a member typed with the interface (`protected publisher: IPublisher`)
    // is, when only this class implements it, this class (model/implementers.ts).
    const implemented = node.name ? classInterfacesOf(node, ctx) : [];
    if (implemented.length) (ctx.facts.classImplements ??= {})[node.name!.text] = implemented;
  },
};

/** The interfaces a class implements, as this file names them: declared here, imported by name, or `ns.I` of a namespace import. */
function classInterfacesOf(node: ts.ClassDeclaration, ctx: ExtractContext): NonNullable<TopicMemberFact["base"]>[] {
  const found: NonNullable<TopicMemberFact["base"]>[] = [];
  for (const type of node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ImplementsKeyword)?.types ?? []) {
    const written = type.expression;
    if (ts.isIdentifier(written)) {
      const imported = ctx.imports.get(written.text);
      if (!imported) found.push({ local: written.text });
      else if (imported.imported !== "*") found.push({ specifier: imported.specifier, name: imported.imported });
    } else if (ts.isPropertyAccessExpression(written) && ts.isIdentifier(written.expression)) {
      const imported = ctx.imports.get(written.expression.text);
      if (imported?.imported === "*") found.push({ specifier: imported.specifier, name: written.name.text });
    }
  }
  return found;
}

/** The class a class extends, as this file names it: a local class, an import by name, or `ns.Base` of a namespace import. */
export function classBaseOf(node: ts.ClassDeclaration, ctx: ExtractContext): TopicMemberFact["base"] | undefined {
  const heritage = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (!heritage) return undefined;
  if (ts.isIdentifier(heritage)) {
    const imported = ctx.imports.get(heritage.text);
    return imported ? (imported.imported === "*" ? undefined : { specifier: imported.specifier, name: imported.imported }) : { local: heritage.text };
  }
  if (ts.isPropertyAccessExpression(heritage) && ts.isIdentifier(heritage.expression)) {
    const imported = ctx.imports.get(heritage.expression.text);
    if (imported?.imported === "*") return { specifier: imported.specifier, name: heritage.name.text };
  }
  return undefined;
}
