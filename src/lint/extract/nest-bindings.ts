import { ts } from "../ts.js";
import type { TopicMemberFact } from "../types.js";
import type { Extractor } from "./extractor.js";
import type { ExtractContext } from "./context.js";
import { propertyNamed } from "./context.js";

/**
 * NestJS providers that bind an abstract class (or any class used as a token) to the class injected in its place:
 * `{ provide: OrderRepository, useClass: PostgresOrderRepository }`. A port often has several implementations in the
 * scan (the database's and an in-memory one for tests); the binding says which one a member typed with the port gets
 * (model/implementers.ts). Both classes as this file names them: declared here or imported.
 */
export const nestBindings: Extractor = {
  family: "nest-bindings",
  fileEnd(ctx) {
    if (!ctx.sf.text.includes("useClass")) return;
    const visit = (node: ts.Node): void => {
      if (ts.isObjectLiteralExpression(node)) binding(node, ctx);
      ts.forEachChild(node, visit);
    };
    visit(ctx.sf);
  },
};

function binding(node: ts.ObjectLiteralExpression, ctx: ExtractContext): void {
  const provide = propertyNamed(node, "provide");
  const useClass = propertyNamed(node, "useClass");
  if (!provide || !useClass || !ts.isIdentifier(provide) || !ts.isIdentifier(useClass)) return;
  const token = classRef(provide, ctx);
  const impl = classRef(useClass, ctx);
  if (token && impl) (ctx.facts.classBindings ??= []).push({ token, impl });
}

function classRef(name: ts.Identifier, ctx: ExtractContext): TopicMemberFact["base"] | undefined {
  const imported = ctx.imports.get(name.text);
  if (imported) return imported.imported === "*" || imported.imported === "default" ? undefined : { specifier: imported.specifier, name: imported.imported };
  return ctx.topLevelClass(name.text) ? { local: name.text } : undefined;
}
