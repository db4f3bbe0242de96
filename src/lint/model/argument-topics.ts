import type { CalleeFact, FileFacts, Location, ModelTopic, Value, ValuePart } from "../types.js";
import { atCallSite, eventsMadeAt, helperOf, isFixedPart } from "./call-site-topics.js";
import { unnamedTopicMessage } from "./topics.js";

/**
 * A publish helper told its topic by each caller: `announce(topic, body)` sends `{ topic, messages }`, and the
 * handlers call `announce("payment-made", order)`. The helper's own publish names only its parameters (the whole
 * topic, or its parts: `publish(exchange, routingKey)` is `exchange/routingKey`); each call site that passes a string
 * literal or a constant (`EXCHANGES.ORDERS` of a shared package) for each publishes that topic, in the caller's
 * function, at the call (as a reader reads it). The site's topic stands for the helper's publish
 * (ModelTopic.madeFrom). A helper in a shared library is a topic of each service that uses it (model/topics.ts), so
 * its call sites are found in every service. Events only: a request-reply helper's sites are left as they are.
 *
 * A subscribe helper is read the same way: `consume(queue, onMessage)` subscribes to its parameter, and
 * `bus.consume("CART", async (msg) => …)` subscribes to CART with the function written at the call as the handler
 * (the helper runs what it is given for each message; a named function handed over is not followed).
 */

export interface ArgumentTopicsInput {
  facts: ReadonlyMap<string, FileFacts>;
  fileService: Readonly<Record<string, string>>;
  /** The global id of the function a callee fact of `file` reaches, if any. */
  resolveCallee: (file: string, callee: CalleeFact) => string | undefined;
  locationKey: (location: Location) => string;
  /** A value as the file's service sees it: a call site's constant (`EXCHANGES.ORDERS` of a shared package). */
  render?: (file: string, value: Value) => { text: string; complete: boolean };
}

/** A helper's publish: its topic written with the helper's parameters (`exchange`, `/`, `routingKey`), and its model topics. */
interface Template {
  parts: readonly ValuePart[];
  topics: ModelTopic[];
  role: ModelTopic["role"];
}

export function buildArgumentTopics(input: ArgumentTopicsInput, topics: readonly ModelTopic[], unnamed?: { service: string; location: Location; message: string }[]): ModelTopic[] {
  /** The publishes each helper makes with its parameters, by the helper's global id. */
  const helpers = new Map<string, Template[]>();
  const eventsAt = eventsMadeAt(topics, input.locationKey);
  const subscriptionsAt = eventsMadeAt(topics, input.locationKey, "consume");
  for (const f of input.facts.values()) {
    for (const fact of f.topics) {
      if (fact.requestReply || !fact.inFunction) continue;
      const fn = helperOf(fact.topic.parts);
      if (!fn) continue;
      if (fact.role === "consume") {
        // The subscription is made when the helper runs, whatever function handles its messages.
        const made = subscriptionsAt(fact.location);
        const id = `${f.file}#${fn}`;
        if (made.length) helpers.set(id, [...(helpers.get(id) ?? []), { parts: fact.topic.parts, topics: made, role: "consume" }]);
        continue;
      }
      // The helper's own parameters, or those of the function that runs this closure at once (a promise's executor,
      // `new Promise((resolve) => channel.publish(exchange, key, …))`, or a function it awaits); not a parameter of a
      // factory that returns the publishing function, which publishes when its caller calls it later.
      if (fn !== fact.inFunction && !f.callees.some((callee) => callee.from === fn && callee.local === fact.inFunction && (callee.awaited || callee.executor))) continue;
      const made = eventsAt(fact.location);
      if (!made.length) continue;
      const id = `${f.file}#${fn}`;
      helpers.set(id, [...(helpers.get(id) ?? []), { parts: fact.topic.parts, topics: made, role: "produce" }]);
    }
  }
  if (!helpers.size) {
    if (unnamed) unnamedSubscriptions(input, topics, new Set(), unnamed);
    return [];
  }
  const out: ModelTopic[] = [];
  /** The subscriptions of a library's helper some call site named, by the helper's place. */
  const named = new Set<string>();
  for (const f of input.facts.values()) {
    for (const callee of f.callees) {
      if ((!callee.literalArgs && !callee.flowArgs) || !callee.from) continue;
      const to = input.resolveCallee(f.file, callee);
      const templates = to ? helpers.get(to) : undefined;
      if (!templates) continue;
      const argument = (index: number, path: readonly string[] | undefined, asWritten: boolean): string | undefined => {
        const literal = path?.length ? undefined : callee.literalArgs?.[index];
        if (literal) return literal;
        // A field of what the caller passes: `send({ topic: "order-created", messages })` to a helper's `record.topic`.
        let flow = callee.flowArgs?.[index];
        for (const key of path ?? []) flow = flow?.kind === "object" ? flow.fields[key] : undefined;
        const rendered = flow?.kind === "value" && input.render ? input.render(f.file, flow.value) : undefined;
        if (rendered?.complete && rendered.text) return rendered.text;
        // A topic the caller chooses itself between names it writes out (`const topic = ok ? "payment.success" :
        // "payment.failed"`): the call is still where its function publishes, the topic shown as written. Not one its own
        // caller hands it (a parameter: that caller's call is the publish), nor a subscription's (its callers name it).
        const chosen = asWritten && flow?.kind === "value" && flow.value.parts.length === 1 && flow.value.parts[0]!.kind === "unknown" && !flow.value.parts[0]!.ref;
        return chosen && rendered?.text ? rendered.text : undefined;
      };
      // The exchange an environment variable or a constant names, as the caller's service has it.
      const fixed = (part: ValuePart): string | undefined => {
        const rendered = input.render?.(f.file, { parts: [part] });
        return rendered?.complete ? rendered.text : undefined;
      };
      for (const template of templates) {
        const asWritten = template.role === "produce";
        const pieces = template.parts.map((part) => (part.kind === "text" ? part.text : part.kind === "unknown" && part.ref ? argument(part.ref.index, part.ref.path, asWritten) : isFixedPart(part) ? fixed(part) : undefined));
        if (pieces.some((piece) => piece === undefined)) continue;
        if (template.role === "consume") {
          // The handler is the function written at the call; without one, the messages' handling is not known.
          const written = callee.fnArgs?.[0];
          const handler = written ? input.resolveCallee(f.file, { ...callee, object: written.ref.object, name: written.ref.name, local: written.ref.local } as CalleeFact) : undefined;
          for (const topic of template.topics) named.add(`${input.locationKey(topic.location)}|${input.fileService[f.file] ?? topic.service}`);
          // Already read at the call (an extractor that knows the helper's object as a broker's): not twice.
          if (topics.some((t) => t.role === "consume" && t.topic === pieces.join("") && t.location.file === f.file && t.location.line === callee.location.line)) continue;
          for (const topic of template.topics) {
            const { inFunction: own, arms: _arms, ...rest } = topic;
            // Only a subscription that runs a callback of its own hands messages to the helper's handler: a queue bound to
            // an exchange in passing (`bindQueue(dlq, dlx)`, the helper itself its function) is subscribed, handled by none.
            const handles = handler !== undefined && own !== undefined && own !== to;
            out.push({ ...rest, service: input.fileService[f.file] ?? topic.service, topic: pieces.join(""), ...(handles ? { inFunction: handler } : {}), location: callee.location, madeFrom: input.locationKey(topic.location) });
          }
          continue;
        }
        // The call site's branches, not the helper's: the site is the publish its caller makes.
        for (const topic of template.topics) out.push(atCallSite(topic, pieces.join(""), f.file, input.fileService[f.file], callee, input.locationKey));
      }
    }
  }
  if (unnamed) unnamedSubscriptions(input, topics, named, unnamed);
  return out;
}

/**
 * A library's subscription made of its helper's parameters that no call of a service names (`consume(queue, onMessage)`
 * called with a value the caller does not fix, or not at all): each such user is told, as for a topic the library
 * cannot fix (model/topics.ts keeps the subscription for the callers that do name it).
 */
function unnamedSubscriptions(input: ArgumentTopicsInput, topics: readonly ModelTopic[], named: ReadonlySet<string>, unnamed: { service: string; location: Location; message: string }[]): void {
  const places = new Set<string>();
  for (const f of input.facts.values()) {
    if (input.fileService[f.file] !== undefined) continue;
    for (const fact of f.topics) if (fact.role === "consume" && !fact.requestReply && helperOf(fact.topic.parts) !== undefined) places.add(input.locationKey(fact.location));
  }
  if (!places.size) return;
  const told = new Set<string>();
  for (const topic of topics) {
    if (topic.role !== "consume" || topic.madeFrom) continue;
    const key = input.locationKey(topic.location);
    const user = `${key}|${topic.service}`;
    if (!places.has(key) || named.has(user) || told.has(user)) continue;
    told.add(user);
    unnamed.push({ service: topic.service, location: topic.location, message: unnamedTopicMessage({ role: "consume" }, `${topic.location.file}:${topic.location.line}`, topic.service, topic.topic) });
  }
}

