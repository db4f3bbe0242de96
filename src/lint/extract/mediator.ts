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

/**
 * Methods a bus or mediator dispatches with. Events too: `this.eventBus.publish(new OrderPlaced(…))`, whose handler runs
 * from there, and an aggregate's `this.apply(new OrderPlaced(…))` (NestJS CQRS's AggregateRoot), which only records the
 * event: `commit()` on the aggregate (merged with `publisher.mergeObjectContext`) hands it to its `@EventsHandler`, so
 * the handler is taken to run from where the aggregate is committed (model/aggregate-commits.ts).
 */
const DISPATCH = new Set(["execute", "send", "dispatch", "request", "publish", "apply"]);
/** Of those, the ones that hand an event over: its handler runs on its own (no part of the caller's synchronous work). */
const EVENT_DISPATCH = new Set(["publish", "apply"]);
/**
 * Receivers whose `commit()` ends a database transaction or acknowledges a message, not an aggregate's: `trx.commit()`,
 * `queryRunner.commit()`, `session.commit()`, `context.getConsumer().commit()`.
 */
const NOT_AGGREGATE = /^(t|tx|trx|txn|ctx|context)$|transaction|session|runner|connection|consumer|client|offset/i;
/** Methods a handler class answers with. */
const HANDLE = ["execute", "handle"];
/** Decorators naming the class a handler answers (an events handler may name several). */
const HANDLER_DECORATORS = /^(CommandHandler|QueryHandler|RequestHandler|EventsHandler)$/;
/** Interfaces whose first type argument is the class a handler answers. */
const HANDLER_INTERFACES = /^I?(Command|Query|Request|Event)Handler$/;

export const mediator: Extractor = {
  family: "mediator",
  callProperties: [...DISPATCH, "commit"],
  call(node, ctx) {
    if (ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "commit") {
      aggregateCommit(node, node.expression.expression, ctx);
      return;
    }
    const first = node.arguments[0];
    if (!first || !ts.isNewExpression(first) || !ts.isIdentifier(first.expression)) return;
    const from = ctx.currentFunction();
    if (!from) return;
    if (!ts.isPropertyAccessExpression(node.expression) || !DISPATCH.has(node.expression.name.text)) return;
    // A command class of the project (imported or declared here), not `new URL(…)` or `new Date()`.
    const command = first.expression.text;
    if (!/^[A-Z]/.test(command) || !(ctx.imports.has(command) || ctx.topLevelClass(command))) return;
    const method = node.expression.name.text;
    const event = EVENT_DISPATCH.has(method);
    const applied = method === "apply" ? { applied: true as const } : {};
    ctx.facts.callees.push({ from, name: command, command, ...(event ? { event: true as const } : {}), ...applied, awaited: ctx.isAwaited(), parallel: ctx.isParallel(), location: ctx.loc(node) });
  },
  classDeclaration(node, ctx) {
    const className = node.name?.text;
    if (!className) return;
    const method = HANDLE.find((name) => node.members.some((m) => ts.isMethodDeclaration(m) && m.name && ts.isIdentifier(m.name) && m.name.text === name));
    if (!method) return;
    const decorated = decoratedCommands(node);
    const commands = decorated.length ? decorated : [implementedCommand(node) ?? (/Handler$/.test(className) ? parameterCommand(node, method) : undefined)];
    for (const command of commands) if (command) (ctx.facts.commandHandlers ??= []).push({ command, fn: `fn:${className}.${method}` });
  },
};

/**
 * `order.commit()`, `this.publisher.mergeObjectContext(order).commit()`, `this.commit()`: no arguments, on a receiver
 * not named like a transaction or a consumer.
 */
function aggregateCommit(node: ts.CallExpression, receiver: ts.Expression, ctx: ExtractContext): void {
  if (node.arguments.length) return;
  const from = ctx.currentFunction();
  if (!from) return;
  const name = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : ts.isCallExpression(receiver) && ts.isPropertyAccessExpression(receiver.expression) ? receiver.expression.name.text : undefined;
  if (name && NOT_AGGREGATE.test(name)) return;
  (ctx.facts.aggregateCommits ??= []).push({ from, location: ctx.loc(node) });
}

/** `@CommandHandler(PlaceOrder)`, `@EventsHandler(OrderPlaced, OrderPaid)`. */
function decoratedCommands(node: ts.ClassDeclaration): string[] {
  for (const modifier of node.modifiers ?? []) {
    if (!ts.isDecorator(modifier) || !ts.isCallExpression(modifier.expression)) continue;
    const call = modifier.expression;
    if (!ts.isIdentifier(call.expression) || !HANDLER_DECORATORS.test(call.expression.text)) continue;
    const names = call.arguments.filter(ts.isIdentifier).map((arg) => arg.text);
    if (names.length) return names;
  }
  return [];
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
