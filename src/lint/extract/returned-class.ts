import { ts } from "../ts.js";
import type { FunctionFact } from "../types.js";
import { classOfInstance } from "./bound-objects.js";
import { isProjectSpecifier } from "./routes.js";
import { type ExtractContext, withoutAssertions } from "./context.js";

/**
 * What a factory hands back, and what a caller keeps of it: `create(): OrdersController { ... }` or `function
 * makeOrdersController() { return new OrdersController(new OrdersService()); }` returns an OrdersController, so a
 * handler that does `const controller = factory.create(); controller.place(req, res)` runs OrdersController's `place`.
 * The extractor records each side (the function's returned class, the call a local was assigned from); the model joins
 * them (model/call-graph.ts).
 */

type ClassName = NonNullable<FunctionFact["returnsClass"]>;

/** The class a function returns: its declared return type when that names a class plainly, else what each top-level `return` makes. */
export function returnedClass(node: ts.FunctionLikeDeclaration, ctx: ExtractContext): ClassName | undefined {
  const type = node.type;
  if (type) return ts.isTypeReferenceNode(type) && !type.typeArguments && ts.isIdentifier(type.typeName) ? className(type.typeName.text, ctx) : undefined;
  const body = node.body;
  if (!body) return undefined;
  if (!ts.isBlock(body)) return madeClass(body as ts.Expression, undefined, ctx);
  let found: ClassName | undefined;
  for (const statement of body.statements) {
    if (!ts.isReturnStatement(statement)) continue;
    const made = statement.expression && madeClass(statement.expression, body, ctx);
    if (!made || (found && JSON.stringify(found) !== JSON.stringify(made))) return undefined;
    found = made;
  }
  return found;
}

/** `new X(...)`, or a local of the body that holds one (`const controller = new X(...); return controller;`). */
function madeClass(expr: ts.Expression, body: ts.Block | undefined, ctx: ExtractContext): ClassName | undefined {
  let value = withoutAssertions(expr);
  if (ts.isIdentifier(value) && body) {
    const name = value.text;
    let held: ts.Expression | undefined;
    for (const statement of body.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name) && declaration.name.text === name) held = declaration.initializer;
    }
    if (!held) return undefined;
    value = withoutAssertions(held);
  }
  return ts.isNewExpression(value) && ts.isIdentifier(value.expression) ? className(value.expression.text, ctx) : undefined;
}

function className(name: string, ctx: ExtractContext): ClassName | undefined {
  const imported = ctx.imports.get(name);
  if (imported) return imported.imported === "*" ? undefined : { specifier: imported.specifier, name: imported.imported };
  return ctx.topLevelClass(name) ? { local: name } : undefined;
}

/**
 * The call a local of a function was assigned from, when it is a call of the project's code that may make an instance:
 * `factory.create()`, `this.factory.create()`, `makeController()`, also awaited. Undefined for a module-level constant
 * (what a factory made at load time is read by other means) and for anything else.
 */
export function madeByCall(name: string, ctx: ExtractContext): string | undefined {
  const init = ctx.lookupLocal(name)?.expr;
  if (!init || ctx.moduleFrame.locals.get(name) === init) return undefined;
  let value = withoutAssertions(init);
  if (ts.isAwaitExpression(value)) value = withoutAssertions(value.expression);
  if (!ts.isCallExpression(value)) return undefined;
  const callee = value.expression;
  // A package's factory (`express()`, `express.Router()`, `axios.create()`) makes no class of the project.
  const fromPackage = (local: string) => {
    const imported = ctx.imports.get(local);
    return imported !== undefined && !isProjectSpecifier(imported.specifier) && !imported.specifier.startsWith("src/");
  };
  if (ts.isIdentifier(callee)) return fromPackage(callee.text) ? undefined : callee.text;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const object = callee.expression;
  // factory.create() on `const factory = new ControllerFactory()`: that class's method, as a call of it is recorded.
  if (ts.isIdentifier(object)) return fromPackage(object.text) ? undefined : `${classOfInstance(object.text, ctx) ?? object.text}.${callee.name.text}`;
  if (ts.isPropertyAccessExpression(object) && object.expression.kind === ts.SyntaxKind.ThisKeyword) return `this.${object.name.text}.${callee.name.text}`;
  return undefined;
}
