import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import { propertyKey } from "../context.js";
import { classBaseOf } from "../class-bases.js";

/**
 * A base class that publishes or listens on `this.subject` (recorded as a
 * template by the transport extractors) gets its topic from each subclass:
 * `class TicketCreatedPublisher extends Publisher<E> { readonly subject = Subjects.TicketCreated }`.
 * Here: the subclasses' topic-like members, joined to their base class's
 * templates in the model (model/topics.ts).
 */

const TOPIC_MEMBERS = new Set(["subject", "topic", "topicName", "queue", "queueName", "channel", "stream", "exchange", "routingKey", "pattern", "eventName"]);

export const subclassTopics: Extractor = {
  family: "messaging-subclass",
  classDeclaration(node, ctx) {
    if (!node.name) return;
    const base = classBaseOf(node, ctx);
    if (!base) return;
    for (const member of node.members) {
      if (!ts.isPropertyDeclaration(member) || !member.initializer || !member.name) continue;
      if (member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) continue;
      const name = propertyKey(member.name);
      if (!name || !TOPIC_MEMBERS.has(name)) continue;
      ctx.facts.topicMembers.push({ className: node.name.text, base, member: name, value: ctx.value(member.initializer), location: ctx.loc(member) });
    }
  },
};
