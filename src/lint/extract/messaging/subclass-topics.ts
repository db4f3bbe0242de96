import { ts } from "../../ts.js";
import type { TopicMemberFact } from "../../types.js";
import type { Extractor } from "../walk.js";
import { propertyKey } from "../context.js";

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
    const heritage = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (!heritage || !node.name) return;
    let base: TopicMemberFact["base"] | undefined;
    if (ts.isIdentifier(heritage)) {
      const imported = ctx.imports.get(heritage.text);
      base = imported ? (imported.imported === "*" ? undefined : { specifier: imported.specifier, name: imported.imported }) : { local: heritage.text };
    } else if (ts.isPropertyAccessExpression(heritage) && ts.isIdentifier(heritage.expression)) {
      const imported = ctx.imports.get(heritage.expression.text);
      if (imported?.imported === "*") base = { specifier: imported.specifier, name: heritage.name.text };
    }
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
