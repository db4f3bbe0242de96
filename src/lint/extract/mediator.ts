import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import type { ExtractContext } from "./context.js";

/**
 * Commands and queries sent through a bus or a mediator rather than called: `this.commandBus.execute(new PlaceOrder(…))`
 * (NestJS CQRS), `mediator.send(new CreateBooking(…))` (mediatr-style libraries). The call runs the handler class
 * registered for that command class, as a direct call would: `@CommandHandler(PlaceOrder)` / `@QueryHandler(…)`, a
 * class that `implements ICommandHandler<PlaceOrder>` / `IRequestHandler<CreateBooking, R>`, or a `…Handler` class whose
 * `execute`/`handle` method takes a `PlaceOrder`. The model links the sending function to that method by the command's
 * class name (model/call-graph.ts), as a call edge the handler's own calls hang on.
 */

/** Methods a bus or mediator dispatches with. */
const DISPATCH = new Set(["execute", "send", "dispatch", "request"]);
/** Methods a handler class answers with. */
const HANDLE = ["execute", "handle"];
/** Decorators naming the class a handler answers. */
const HANDLER_DECORATORS = /^(CommandHandler|QueryHandler|RequestHandler)$/;
/** Interfaces whose first type argument is the class a handler answers. */
const HANDLER_INTERFACES = /^I?(Command|Query|Request)Handler$/;

export const mediator: Extractor = {
  family: "mediator",
  callProperties: [...DISPATCH],
  call(node, ctx) {
    const from = ctx.currentFunction();
    const first = node.arguments[0];
    if (!from || !first || !ts.isNewExpression(first) || !ts.isIdentifier(first.expression)) return;
    if (!ts.isPropertyAccessExpression(node.expression) || !DISPATCH.has(node.expression.name.text)) return;
    // A command class of the project (imported or declared here), not `new URL(…)` or `new Date()`.
    const command = first.expression.text;
    if (!/^[A-Z]/.test(command) || !(ctx.imports.has(command) || ctx.topLevelClass(command))) return;
    ctx.facts.callees.push({ from, name: command, command, awaited: ctx.isAwaited(), parallel: ctx.isParallel(), location: ctx.loc(node) });
  },
  classDeclaration(node, ctx) {
    const className = node.name?.text;
    if (!className) return;
    const method = HANDLE.find((name) => node.members.some((m) => ts.isMethodDeclaration(m) && m.name && ts.isIdentifier(m.name) && m.name.text === name));
    if (!method) return;
    const command = decoratedCommand(node) ?? implementedCommand(node) ?? (/Handler$/.test(className) ? parameterCommand(node, method) : undefined);
    if (command) (ctx.facts.commandHandlers ??= []).push({ command, fn: `fn:${className}.${method}` });
  },
};

/** `@CommandHandler(PlaceOrder)`. */
function decoratedCommand(node: ts.ClassDeclaration): string | undefined {
  for (const modifier of node.modifiers ?? []) {
    if (!ts.isDecorator(modifier) || !ts.isCallExpression(modifier.expression)) continue;
    const call = modifier.expression;
    const arg = call.arguments[0];
    if (ts.isIdentifier(call.expression) && HANDLER_DECORATORS.test(call.expression.text) && arg && ts.isIdentifier(arg)) return arg.text;
  }
  return undefined;
}

/** `implements ICommandHandler<PlaceOrder>`, `implements IRequestHandler<CreateBooking, BookingDto>`. */
function implementedCommand(node: ts.ClassDeclaration): string | undefined {
  for (const clause of node.heritageClauses ?? []) {
    for (const type of clause.types) {
      const name = ts.isIdentifier(type.expression) ? type.expression.text : undefined;
      const first = type.typeArguments?.[0];
      if (name && HANDLER_INTERFACES.test(name) && first && ts.isTypeReferenceNode(first) && ts.isIdentifier(first.typeName)) return first.typeName.text;
    }
  }
  return undefined;
}

/** `async handle(request: CreateBooking)` of a `…Handler` class. */
function parameterCommand(node: ts.ClassDeclaration, method: string): string | undefined {
  const declaration = node.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && !!m.name && ts.isIdentifier(m.name) && m.name.text === method);
  const type = declaration?.parameters[0]?.type;
  return type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) ? type.typeName.text : undefined;
}
