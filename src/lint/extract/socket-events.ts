import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import type { ExtractContext } from "./context.js";
import { staticText } from "./context.js";
import { handlerFields } from "./routes.js";
import { decoratorCallsFrom } from "./decorator-calls.js";

/**
 * Handlers of the messages a client sends over a socket, each one the handling of a message as a route's handler is
 * of a request (model/socket-events.ts gives them to the rules that follow one request: dual-write, unprotected-call,
 * sync-call-chain):
 * - Socket.IO and ws: `io.on("connection", (socket) => { socket.on("message:sent", async (data) => …) })`, the socket
 *   the connection callback is handed, and in a module of its own a parameter typed with Socket.IO's socket
 *   (`(socket: Socket) => socket.on(…)`, `socket: typeof Socket`). The socket's own events (disconnect, error…) are not
 *   messages.
 * - NestJS gateways: `@SubscribeMessage("message:sent")` methods of a `@WebSocketGateway()` class.
 */

const LIFECYCLE = new Set(["connection", "connect", "disconnect", "disconnecting", "error", "close", "connect_error", "reconnect", "end", "ping", "pong", "open", "upgrade", "headers", "listening", "drain", "timeout", "newListener", "removeListener"]);
const CONNECTION_EVENTS = new Set(["connection", "connect"]);
const NEST_MODULES = ["@nestjs/websockets"];

export const socketEvents: Extractor = {
  family: "socket-events",
  callProperties: ["on"],
  call(node, ctx) {
    const callee = node.expression;
    if (node.arguments.length !== 2 || !ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return;
    const [first, second] = node.arguments as unknown as [ts.Expression, ts.Expression];
    const event = eventName(first, ctx);
    if (event === undefined || LIFECYCLE.has(event)) return;
    if (!isSocket(callee.expression.text, ctx)) return;
    const { handler, handlerRef } = handlerFields(second, ctx);
    if (!handler && !handlerRef) return;
    (ctx.facts.socketEvents ??= []).push({ event, ...(handler ? { handler } : { handlerRef: handlerRef! }), location: ctx.loc(node) });
  },
  classDeclaration(node, ctx) {
    if (!node.name || !decoratorCallsFrom(node, ctx, NEST_MODULES).some((d) => d.name === "WebSocketGateway")) return;
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member) || !member.name || !ts.isIdentifier(member.name)) continue;
      const subscribed = decoratorCallsFrom(member, ctx, NEST_MODULES).find((d) => d.name === "SubscribeMessage");
      const first = subscribed?.call.arguments[0];
      const event = first && eventName(first, ctx);
      if (event !== undefined) (ctx.facts.socketEvents ??= []).push({ event, handler: `fn:${node.name.text}.${member.name.text}`, location: ctx.loc(member) });
    }
  },
};

/** The event as written (`"message:sent"`) or as its constant reads (`EventType.ROOM.MESSAGE.SENT`); undefined for anything else. */
function eventName(expr: ts.Expression, ctx: ExtractContext): string | undefined {
  if (ts.isStringLiteralLike(expr)) return expr.text;
  if (!ts.isPropertyAccessExpression(expr) && !ts.isIdentifier(expr)) return undefined;
  return staticText(ctx.value(expr)) ?? expr.getText(ctx.sf);
}

/**
 * A socket whose messages the service answers: the first parameter of a callback handed to `x.on("connection")`,
 * or a parameter typed with a `Socket` type.
 */
function isSocket(name: string, ctx: ExtractContext): boolean {
  if (!ctx.paramFrame(name)) return false;
  for (let i = ctx.stack.length - 1; i >= 0; i--) {
    const node = ctx.stack[i]!;
    if (!ts.isFunctionDeclaration(node) && !ts.isFunctionExpression(node) && !ts.isArrowFunction(node) && !ts.isMethodDeclaration(node)) continue;
    const index = node.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name);
    if (index < 0) continue;
    if (isSocketType(node.parameters[index]!.type)) return true;
    // Parents are not set by the parse: the stack holds them.
    const parent = ctx.stack[i - 1];
    // `const onConnection = (socket) => …; io.on("connection", onConnection)`: handed over by name.
    const named = functionName(node, parent);
    if (index === 0 && named !== undefined && handedToConnection(named, ctx.sf.text)) return true;
    return (
      parent !== undefined &&
      index === 0 &&
      ts.isCallExpression(parent) &&
      parent.arguments[1] === node &&
      ts.isPropertyAccessExpression(parent.expression) &&
      parent.expression.name.text === "on" &&
      ts.isStringLiteralLike(parent.arguments[0]!) &&
      CONNECTION_EVENTS.has(parent.arguments[0].text)
    );
  }
  return false;
}

/** The name a function goes by: its own, or the variable it initialises. */
function functionName(fn: ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration, parent: ts.Node | undefined): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  return parent !== undefined && ts.isVariableDeclaration(parent) && parent.initializer === fn && ts.isIdentifier(parent.name) ? parent.name.text : undefined;
}

/** The file hands the function named `name` to a connection event: `.on("connection", name)`. */
function handedToConnection(name: string, text: string): boolean {
  if (!text.includes(name)) return false;
  return new RegExp(`\\.on\\(\\s*["'\`](?:connection|connect)["'\`]\\s*,\\s*${name.replace(/\$/g, "\\$")}\\s*\\)`).test(text);
}

/** `Socket`, `io.Socket`, `typeof Socket`, `Socket<Events>`. */
function isSocketType(type: ts.TypeNode | undefined): boolean {
  if (!type) return false;
  const name = ts.isTypeReferenceNode(type) ? type.typeName : ts.isTypeQueryNode(type) ? type.exprName : undefined;
  if (!name) return false;
  const last = ts.isIdentifier(name) ? name.text : name.right.text;
  return last === "Socket";
}
