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
    // `constructor(client: Stan) { super(client, Subject.OrderCreated, "tickets-service") }`: a publisher or listener
    // base of a package handed its subject by the subclass's constructor rather than through a member.
    if (!("specifier" in base) || !PACKAGE_BASE.test(base.name) || ctx.facts.topicMembers.some((m) => m.className === node.name!.text)) return;
    const constructor = node.members.find(ts.isConstructorDeclaration);
    const handed = constructor?.body?.statements.map(superArguments).find((args) => args !== undefined);
    const subject = handed?.slice(1).find(namesASubject);
    if (subject) ctx.facts.topicMembers.push({ className: node.name.text, base, member: "subject", value: ctx.value(subject), location: ctx.loc(subject) });
  },
};

/** The publisher and listener bases course libraries export (`Publisher`, `Listener`, `BaseConsumer`, `AbstractProducer`). */
const PACKAGE_BASE = /(Publisher|Producer|Listener|Subscriber|Consumer)(Factory|Base)?$/;

/** The arguments of a `super(...)` call statement. */
function superArguments(statement: ts.Statement): readonly ts.Expression[] | undefined {
  if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) return undefined;
  return statement.expression.expression.kind === ts.SyntaxKind.SuperKeyword ? statement.expression.arguments : undefined;
}

/** A subject as code hands it over: a member of a subjects enum (`Subject.OrderCreated`, `Topics.X`) or a string. */
function namesASubject(arg: ts.Expression): boolean {
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return true;
  return ts.isPropertyAccessExpression(arg) && ts.isIdentifier(arg.expression) && /^(Subjects?|Topics?|Events?|Channels?|Queues?|Patterns?|EventTypes?)$/i.test(arg.expression.text);
}
