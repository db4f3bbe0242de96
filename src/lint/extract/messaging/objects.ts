import { ts } from "../../ts.js";
import type { Location, MessagingSystem, Value } from "../../types.js";
import type { Extractor } from "../extractor.js";
import type { ExtractContext, ObjectInfo } from "../context.js";

/**
 * Broker connections and queues live in a module of their own more often than
 * not (`export const stan = nats.connect(...)` in nats.ts, `export const
 * expirationQueue = new Queue("order:expiration")` in queue.ts), and the code
 * that publishes imports them. Each module-level one is recorded as an
 * "object" TransportFact; a call on an imported object is a topic fact with
 * `transportFrom: { kind: "object" }`, which the model joins to it (and drops
 * when the import leads to no such object: then it was some other `publish`).
 */

/** The libraries whose own exports are never a project's broker object. */
const LIBRARIES = /^(?:nats|node-nats-streaming|bull|bullmq|kafkajs|amqplib|amqp-connection-manager|@nats-io\/|@nestjs\/)/;

/** `stan` in `stan.publish(...)`, when it is a binding imported from another module of the project. */
export function importedObject(receiver: ts.Expression, ctx: ExtractContext): { specifier: string; name: string } | undefined {
  if (!ts.isIdentifier(receiver) || ctx.isShadowed(receiver.text)) return undefined;
  const imported = ctx.imports.get(receiver.text);
  if (!imported || imported.imported === "*" || LIBRARIES.test(imported.specifier)) return undefined;
  return { specifier: imported.specifier, name: imported.imported };
}

const created = new WeakMap<ObjectInfo, Location>();

/** What a broker factory returns to the walker: the object, remembering where it was made (the evidence of its imports). */
export function brokerObject(node: ts.Node, ctx: ExtractContext, system: MessagingSystem, topic?: Value): ObjectInfo {
  const info: ObjectInfo = { kind: "broker", system, ...(topic ? { topic } : {}) };
  created.set(info, ctx.loc(node));
  return info;
}

export const messagingObjects: Extractor = {
  family: "messaging-objects",
  fileEnd(ctx) {
    for (const [id, info] of ctx.objects) {
      // Module-level only (nested ones are `var:name@line`): those are what other modules can import.
      if (info.kind !== "broker" || !id.startsWith("var:") || id.includes("@")) continue;
      ctx.facts.transports.push({ kind: "object", system: info.system, name: id.slice("var:".length), ...(info.topic ? { topic: info.topic } : {}), location: created.get(info) ?? { file: ctx.file, line: 1, column: 1 } });
    }
  },
};
