import { ts } from "../../ts.js";
import type { MessagingSystem, Parallel, TopicFact, TransportRef, Value } from "../../types.js";
import { ExtractContext, normalize, propertyKey, propertyNamed, staticText } from "../context.js";
import { handlerFields } from "../routes.js";
import { positionId } from "../function-ids.js";
import { armsAt } from "../arms.js";

/**
 * What every messaging extractor shares: recording a topic fact, reading a
 * topic out of an option object, and `this.subject` in a base class.
 */

export type Role = TopicFact["role"];

export interface TopicOptions {
  requestReply?: boolean;
  transportFrom?: TransportRef;
  /** The function the topic is used in, when it is not the one being walked (a decorated method). */
  inFunction?: string;
  /** The handler, by name, when it is another module's function (see TopicFact.handlerRef); then no inFunction is assumed. */
  handlerRef?: { object?: string; name: string };
  grpc?: TopicFact["grpc"];
  /** See TopicFact.implementedBy. */
  implementedBy?: TopicFact["implementedBy"];
  awaited?: boolean;
  parallel?: Parallel;
  fired?: boolean;
}

/** A listener on the answer: `responseEmitter.once(id, …)`, `replies.on("prices-answered", …)`. */
const AWAITED_LISTENER = /new\s+Promise\b[\s\S]*?([\w$.]*)\.(?:once|on)\(\s*([^,)]*)/g;
const ANSWER_WORD = /respon|repl(?:y|ies)|answer|correlat/i;

/**
 * Request-reply written by hand over a broker: the function that sends then returns a promise that a listener on the
 * answer settles (`return new Promise((resolve) => responses.once(orderId, resolve))`), or listens for an event named
 * by the id the message carries. The send asks a question; it announces no change (a delivery report awaited the same
 * way is no answer).
 */
function awaitsAnswer(ctx: ExtractContext, node: ts.Node): boolean {
  for (let i = ctx.stack.length - 1; i >= 0; i--) {
    const fn = ctx.stack[i]!;
    if (!ts.isFunctionLike(fn) || !("body" in fn) || !fn.body) continue;
    const text = ctx.sf.text.slice(fn.body.pos, fn.body.end);
    if (text.includes("Promise")) for (const match of text.matchAll(AWAITED_LISTENER)) if (ANSWER_WORD.test(`${match[1]} ${match[2]}`)) return true;
    return listensForOwnId(text, node, ctx);
  }
  return false;
}

/** `e.on(uuid, (status, body) => res.status(status).json(body))`: a listener on an event named by a variable, not a string. */
const KEYED_LISTENER = /\.(?:once|on|addListener|prependListener)\(\s*([A-Za-z_$][\w$]*)\s*,/g;

/**
 * The function sends a message carrying an id of its own (`{ action, payload, uuid }`) and listens for an event named
 * by that id: the answer, routed back to it by the id (an emitter the reply consumer fires with it). The id is looked
 * for in the message, not in the topic (the call's first argument).
 */
function listensForOwnId(body: string, node: ts.Node, ctx: ExtractContext): boolean {
  if (!ts.isCallExpression(node) || node.arguments.length < 2 || (!body.includes(".on(") && !body.includes(".once("))) return false;
  const message = ctx.sf.text.slice(node.arguments[0]!.end, node.end);
  for (const match of body.matchAll(KEYED_LISTENER)) if (new RegExp(`(?<![\\w$.])${match[1]!.replace(/\$/g, "\\$")}(?![\\w$])`).test(message)) return true;
  return false;
}

/** Records one topic; a topic read from `this.<member>` of a base class becomes a template for its subclasses. */
export function pushTopic(ctx: ExtractContext, node: ts.Node, system: MessagingSystem | undefined, role: Role, topic: Value, options: TopicOptions = {}, expr?: ts.Expression): void {
  if (staticText(topic) === "") return;
  if (role === "produce" && !options.requestReply && awaitsAnswer(ctx, node)) options = { ...options, requestReply: true };
  const inFunction = options.inFunction ?? (options.handlerRef ? undefined : ctx.currentFunction());
  // A template for subclasses that set the member, even when the class sets it too (then it is also a topic of its own: see model/topics.ts).
  const member = expr ? thisMember(expr, ctx) : undefined;
  // Where a publish sits among the branches of the function making it (a consumer's handler is another function).
  const arms = role === "produce" && !options.inFunction && !options.handlerRef ? armsAt(ctx) : undefined;
  ctx.facts.topics.push({
    ...(system ? { system } : {}),
    ...(options.transportFrom ? { transportFrom: options.transportFrom } : {}),
    topic,
    role,
    ...(options.requestReply ? { requestReply: true } : {}),
    ...(member ? { member } : {}),
    ...(inFunction ? { inFunction } : {}),
    ...(options.handlerRef && !inFunction ? { handlerRef: options.handlerRef } : {}),
    ...(options.grpc ? { grpc: options.grpc } : {}),
    ...(options.implementedBy ? { implementedBy: options.implementedBy } : {}),
    ...(options.awaited ? { awaited: true as const } : {}),
    ...(options.parallel ? { parallel: options.parallel } : {}),
    ...(options.fired ? { fired: true as const } : {}),
    ...(arms ? { arms } : {}),
    location: ctx.loc(node),
  });
}

/** The topic named by an expression: its value, or for `this.subject` the member's own initialiser when the class sets it. */
export function topicValue(expr: ts.Expression, ctx: ExtractContext): Value {
  const own = ownInitializer(expr, ctx);
  return ctx.value(own ?? expr);
}

/** Records a topic read from an expression (see topicValue). */
export function pushTopicOf(ctx: ExtractContext, node: ts.Node, system: MessagingSystem | undefined, role: Role, expr: ts.Expression | undefined, options: TopicOptions = {}): void {
  if (!expr) return;
  pushTopic(ctx, node, system, role, topicValue(expr, ctx), options, expr);
}

/** `this.subject` inside a class that does not set it itself: the subclasses do. */
function thisMember(expr: ts.Expression, ctx: ExtractContext): TopicFact["member"] {
  const name = thisPropertyName(expr);
  const className = name ? ctx.currentClass() : undefined;
  return name && className ? { className, name } : undefined;
}

function thisPropertyName(expr: ts.Expression): string | undefined {
  let current = expr;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
  if (ts.isPropertyAccessExpression(current) && current.expression.kind === ts.SyntaxKind.ThisKeyword) return current.name.text;
  return undefined;
}

/** The initialiser of `this.<name>` in the enclosing class, when it has one (`subject = "ticket:created"`). */
function ownInitializer(expr: ts.Expression, ctx: ExtractContext): ts.Expression | undefined {
  const name = thisPropertyName(expr);
  if (!name) return undefined;
  for (let i = ctx.stack.length - 1; i >= 0; i--) {
    const node = ctx.stack[i]!;
    if (!ts.isClassDeclaration(node) && !ts.isClassExpression(node)) continue;
    for (const member of node.members) {
      if (ts.isPropertyDeclaration(member) && member.initializer && member.name && propertyKey(member.name) === name) return member.initializer;
    }
    return undefined;
  }
  return undefined;
}

/** Topics in a `topic`-like option: a value, an array of them, `{ topic }` objects. */
export function topicsOf(expr: ts.Expression | undefined, ctx: ExtractContext, key = "topic"): { value: Value; expr: ts.Expression }[] {
  if (!expr) return [];
  if (ts.isArrayLiteralExpression(expr)) return expr.elements.flatMap((e) => topicsOf(e, ctx, key));
  if (ts.isObjectLiteralExpression(expr)) {
    const topic = propertyNamed(expr, key);
    return topic ? [{ value: topicValue(topic, ctx), expr: topic }] : [];
  }
  // `[...topics]`: topics this code does not name, still consumed.
  if (ts.isSpreadElement(expr)) return [{ value: ctx.value(expr.expression), expr: expr.expression }];
  return [{ value: topicValue(expr, ctx), expr }];
}

/**
 * A NestJS pattern: a string, or an object such as `{ cmd: "sum" }`, which
 * Nest sends as JSON with its keys sorted (so both ends spell it alike).
 */
export function patternValue(expr: ts.Expression, ctx: ExtractContext): Value {
  if (!ts.isObjectLiteralExpression(expr)) return topicValue(expr, ctx);
  const entries: { key: string; value: Value }[] = [];
  for (const prop of expr.properties) {
    if (ts.isPropertyAssignment(prop)) {
      const key = propertyKey(prop.name);
      if (key === undefined) return ctx.value(expr);
      entries.push({ key, value: ts.isObjectLiteralExpression(prop.initializer) ? patternValue(prop.initializer, ctx) : quoted(prop.initializer, ctx) });
    } else if (ts.isShorthandPropertyAssignment(prop)) entries.push({ key: prop.name.text, value: quoted(prop.name, ctx) });
    else return ctx.value(expr);
  }
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const parts: Value["parts"] = [{ kind: "text", text: "{" }];
  entries.forEach((entry, index) => parts.push({ kind: "text", text: `${index ? "," : ""}${JSON.stringify(entry.key)}:` }, ...entry.value.parts));
  parts.push({ kind: "text", text: "}" });
  return normalize(parts);
}

function quoted(expr: ts.Expression, ctx: ExtractContext): Value {
  if (ts.isNumericLiteral(expr) || expr.kind === ts.SyntaxKind.TrueKeyword || expr.kind === ts.SyntaxKind.FalseKeyword) return { parts: [{ kind: "text", text: ctx.text(expr) }] };
  return normalize([{ kind: "text", text: '"' }, ...ctx.value(expr).parts, { kind: "text", text: '"' }]);
}

/**
 * The joined value of `exchange` and `routingKey`: "orders/created"; the default exchange ("") is the queue
 * itself, and an empty key (a fanout exchange's) is the exchange alone.
 */
export function exchangeKey(exchange: Value, key: Value): Value {
  if (staticText(exchange) === "") return key;
  if (staticText(key) === "") return exchange;
  return normalize([...exchange.parts, { kind: "text", text: "/" }, ...key.parts]);
}

/**
 * The function a consumer runs for each message (`channel.consume(q, onMessage)`, `nc.subscribe(s, { callback })`,
 * kafkajs `run({ eachMessage })`), as a topic's handler: the topic's reach starts there, not in the function that
 * sets the consumer up (whose start-up work, a seed write or a connect, runs once, for no message).
 * An inline function by its position (the id the walk gives it), a named one as a route's handler is named.
 */
export function callbackHandler(expr: ts.Expression | undefined, ctx: ExtractContext): Pick<TopicOptions, "inFunction" | "handlerRef"> {
  if (!expr) return {};
  let inner = expr;
  while (ts.isParenthesizedExpression(inner) || ts.isAsExpression(inner)) inner = inner.expression;
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) || ts.isMethodDeclaration(inner)) return { inFunction: positionId(inner, ctx) };
  if (!ts.isIdentifier(inner) && !ts.isPropertyAccessExpression(inner) && !ts.isCallExpression(inner)) return {};
  const { handler, handlerRef } = handlerFields(inner, ctx);
  if (handler) return { inFunction: handler };
  // A function declared in this module by name (`eachMessage: reserve`, `consume(q, onOrder)`): the walk names it so.
  if (ts.isIdentifier(inner) && ctx.lookupLocalFunction(inner.text) && declaresFunction(ctx.sf, inner.text)) return { inFunction: `fn:${inner.text}` };
  // Another module's function (`consume(q, handleOrder)` with handleOrder imported); anything else keeps the enclosing function.
  const root = handlerRef && (handlerRef.object ?? handlerRef.name).split(".")[0]!;
  return handlerRef && root && ctx.imports.has(root) && !ctx.isShadowed(root) ? { handlerRef } : {};
}

/** `function name() {}` at the top of the module, or `const name = () => …` there: the walk's `fn:name`. */
function declaresFunction(sf: ts.SourceFile, name: string): boolean {
  return sf.statements.some(
    (s) =>
      (ts.isFunctionDeclaration(s) && s.name?.text === name) ||
      (ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name && d.initializer !== undefined && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer)))),
  );
}
