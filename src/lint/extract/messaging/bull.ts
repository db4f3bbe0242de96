import { ts } from "../../ts.js";
import type { Value } from "../../types.js";
import type { Extractor } from "../extractor.js";
import type { ExtractContext } from "../context.js";
import { thisMemberInfo } from "./class-members.js";
import { brokerObject, importedObject } from "./objects.js";
import { pushTopic, pushTopicOf } from "./topic.js";

/**
 * Job queues on Redis: Bull and BullMQ, and their NestJS modules. A queue is
 * a topic of the "bull" system: `queue.add(...)` produces to it, `queue.process(...)`
 * and `new Worker("email", fn)` consume it.
 *
 * `const q = new Queue("email")` (or `new Bull("email")`, `Queue("email")`), then `q.add(...)`, `q.addBulk(...)`,
 * `q.process(...)`; `@InjectQueue("email") private queue: Queue` then `this.queue.add(...)`; `@Processor("email")`.
 */

const BULL = ["bull", "bullmq", "@nestjs/bull", "@nestjs/bullmq"];
const QUEUE_CLASSES = ["Queue", "default"];

function queueName(expr: ts.Expression | undefined, ctx: ExtractContext): Value {
  return expr ? ctx.value(expr) : { parts: [{ kind: "unknown", hint: "queue name" }] };
}

export const bull: Extractor = {
  family: "messaging-bull",
  callProperties: ["add", "addBulk", "process"],
  factory(expr, ctx) {
    if (!ts.isNewExpression(expr) && !ts.isCallExpression(expr)) return undefined;
    if (!ctx.importsAny(BULL) || !ctx.isImportFrom(expr.expression, BULL, QUEUE_CLASSES)) return undefined;
    return brokerObject(expr, ctx, "bull", queueName(expr.arguments?.[0], ctx));
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const receiver = callee.expression;
    const role = callee.name.text === "process" ? "consume" : "produce";
    const bound = ts.isIdentifier(receiver) ? ctx.lookupObject(receiver.text)?.info : thisMemberInfo(receiver, ctx);
    if (bound?.kind === "broker" && bound.system === "bull" && bound.topic) return pushTopic(ctx, node, "bull", role, bound.topic);
    // A queue another module exports (`import { expirationQueue } from "./queue"`): by its name, as `add` is on every Set.
    const imported = !bound && ts.isIdentifier(receiver) && /queue/i.test(receiver.text) ? importedObject(receiver, ctx) : undefined;
    if (imported) pushTopic(ctx, node, undefined, role, { parts: [{ kind: "unknown", hint: "the queue's name" }] }, { transportFrom: { kind: "object", ...imported } });
  },
  newExpression(node, ctx) {
    if (!ctx.importsAny(BULL) || !ctx.isImportFrom(node.expression, BULL, ["Worker"])) return;
    pushTopicOf(ctx, node, "bull", "consume", node.arguments?.[0]);
  },
  classDeclaration(node, ctx) {
    if (!ctx.importsAny(BULL)) return;
    for (const decorator of ts.getDecorators(node) ?? []) {
      const expr = decorator.expression;
      if (!ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression) || expr.expression.text !== "Processor") continue;
      const first = expr.arguments[0];
      // @Processor("email") or @Processor({ name: "email" })
      const name = first && ts.isObjectLiteralExpression(first) ? first.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === "name") : undefined;
      const value = name && ts.isPropertyAssignment(name) ? ctx.value(name.initializer) : first ? ctx.value(first) : undefined;
      if (!value) continue;
      // The methods that take the jobs are the consumer's handlers: those marked `@Process()` (@nestjs/bull), else the
      // `process(job)` a BullMQ WorkerHost overrides. Without either the class is still the queue's consumer.
      const handlers = node.name ? jobHandlers(node) : [];
      if (!handlers.length) pushTopic(ctx, decorator, "bull", "consume", value);
      for (const method of handlers) pushTopic(ctx, decorator, "bull", "consume", value, { inFunction: `fn:${node.name!.text}.${method}` });
    }
  },
};

/** The names of a `@Processor` class's methods that take its jobs: `@Process(...)`-marked ones, else `process`. */
function jobHandlers(node: ts.ClassDeclaration): string[] {
  const methods = node.members.filter((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && !!m.body && ts.isIdentifier(m.name));
  const marked = methods.filter((m) => (ts.getDecorators(m) ?? []).some((d) => ts.isCallExpression(d.expression) && ts.isIdentifier(d.expression.expression) && d.expression.expression.text === "Process"));
  const chosen = marked.length ? marked : methods.filter((m) => (m.name as ts.Identifier).text === "process");
  return chosen.map((m) => (m.name as ts.Identifier).text);
}
