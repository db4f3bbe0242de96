import { defineRule, type RuleReport } from "../rule.js";
import { CallGraph } from "../model/graph.js";
import type { ArchModel, Location, MessagingSystem, ModelEdge, ModelTopic, ModelWrite } from "../types.js";
import { callText, withGrpcHandlers } from "./sync-call-chain.js";
import { exclusiveArms } from "../extract/arms.js";

/**
 * While handling one request or one message, a service writes to its own datastore and publishes to a
 * broker as two separate operations: a crash between them leaves the two disagreeing. A handler that
 * also writes an outbox row is left alone (the event travels in the business write's transaction, and a
 * publish it reaches is the relay's); a relay loop runs outside any handler, so it is never reached.
 */

/** Brokers an event is published to. gRPC, TCP and unknown NestJS transports carry requests; bull is a job queue. */
const BROKERS: ReadonlySet<MessagingSystem> = new Set(["kafka", "amqp", "nats", "nats-streaming", "redis", "mqtt", "sqs", "sns", "gcp-pubsub", "dapr", "encore"]);

/** `outbox`, `orders_outbox`, `outbox_events`, `events_outbox`, `OutboxMessage` (a model). */
export function isOutboxTable(name: string | undefined): boolean {
  return Boolean(name && /(^|[._])outbox($|[._])|^outbox|outbox(es)?$/i.test(name));
}

interface Handler {
  service: string;
  fn: string;
  text: string;
  location: Location;
  /** How many topics a consumer takes (one callback for several: `subscribe({ topics: [a, b] })`). */
  topics: number;
}

const MAX_PAIRS = 400;

type Pair = [{ write: ModelWrite; via: ModelEdge[] }, { topic: ModelTopic; via: ModelEdge[] }];

/**
 * The first write and publish (in the order the search reached them) that one message or request makes.
 * A callback consuming several topics usually dispatches on the topic (`switch (topic)`): a write and a
 * publish whose paths part in that callback itself may answer two different messages, so a pair counts
 * only when they part in a named function it calls (`handleOrderCreated()` doing both); each such function
 * answers its own messages, so each gives its first pair.
 */
function pairsOf(
  handler: Handler,
  writes: readonly { write: ModelWrite; via: ModelEdge[] }[],
  publishes: readonly { topic: ModelTopic; via: ModelEdge[] }[],
  edgesOf: (fn: string) => readonly ModelEdge[],
  reachedFrom: (fn: string) => ReadonlyMap<string, ModelEdge[]>,
): Pair[] {
  let tried = 0;
  const out: Pair[] = [];
  const parted = new Set<string>();
  for (const write of writes) {
    for (const found of publishes) {
      if (++tried > MAX_PAIRS) return out;
      // The search keeps one path to each function: a publish helper every named handler calls is reached through the
      // first of them. For the others, the path through the write's own named function is the one that pairs them.
      if (handler.topics < 2) {
        if (apart(handler.fn, write, found, edgesOf)) continue;
        return [[write, found]];
      }
      // Both ways round: the publish as reached through the write's named function, and the write as reached through the
      // publish's (a repository's `updateStep` first met under one named handler is called by the others too).
      const candidates: Pair[] = [
        [write, throughNamed(handler.fn, write, found, found.topic.inFunction, reachedFrom)],
        [throughNamed(handler.fn, found, write, write.write.inFunction, reachedFrom), found],
      ];
      for (const [w, p] of candidates) {
        if (apart(handler.fn, w, p, edgesOf)) continue;
        const parting = partingFunction(handler.fn, w.via, p.via);
        if (parting === handler.fn || /#fn@L\d/.test(parting) || parted.has(parting)) continue;
        parted.add(parting);
        out.push([w, p]);
        break;
      }
    }
  }
  return out;
}

/**
 * `other` as reached from the deepest named function on `along`'s path that reaches it (or as found): the publish
 * through the write's named function, or the write through the publish's.
 */
function throughNamed<T extends { via: ModelEdge[] }>(
  start: string,
  along: { via: ModelEdge[] },
  other: T,
  target: string | undefined,
  reachedFrom: (fn: string) => ReadonlyMap<string, ModelEdge[]>,
): T {
  if (!target) return other;
  for (let depth = along.via.length; depth > 0; depth--) {
    const at = along.via[depth - 1]!.to;
    if (at === start || /#fn@L\d/.test(at)) continue;
    const rest = reachedFrom(at).get(target);
    if (rest) return { ...other, via: [...along.via.slice(0, depth), ...rest] };
  }
  return other;
}

/**
 * The write and the publish never happen for one call: where their paths part, the step towards each (the call
 * made there, or the operation itself) sits in another arm of one conditional, or one sits in an arm that returns
 * before the other is reached (extract/arms.ts): `if (!valid) { publish(failed); return; }` then `update(); publish(done)`.
 * A function called at several places of the function where they part (`sendEvent(…)` in each `case` of a switch) is
 * taken at each: the search keeps one path to it, but the call in the write's own arm makes the pair.
 */
function apart(start: string, write: { write: ModelWrite; via: ModelEdge[] }, publish: { topic: ModelTopic; via: ModelEdge[] }, edgesOf: (fn: string) => readonly ModelEdge[]): boolean {
  let shared = 0;
  while (shared < write.via.length && shared < publish.via.length && write.via[shared] === publish.via[shared]) shared++;
  const parting = shared > 0 ? write.via[shared - 1]!.to : start;
  const steps = (edge: ModelEdge | undefined, operation: ModelWrite | ModelTopic): readonly (ModelEdge | ModelWrite | ModelTopic)[] => {
    if (!edge) return [operation];
    const same = edgesOf(parting).filter((other) => other.to === edge.to);
    return same.length ? same : [edge];
  };
  const towardsWrite = steps(write.via[shared], write.write);
  const towardsPublish = steps(publish.via[shared], publish.topic);
  return towardsWrite.every((w) => towardsPublish.every((p) => exclusiveArms(w, p)));
}

/**
 * A Bull queue is a job queue, mostly a service's own work put off for later (its worker in the same service); a queue
 * whose jobs another service's worker takes carries messages between services as a broker does (an orchestrated saga's
 * steps), and a job added beside a database write is lost or sent in vain as any message is. True for a Bull publish
 * whose queue a different service consumes.
 */
function jobsForOthers(topics: readonly ModelTopic[]): (topic: ModelTopic) => boolean {
  const consumers = new Map<string, Set<string>>();
  for (const t of topics) if (t.system === "bull" && t.role === "consume") consumers.set(t.topic, (consumers.get(t.topic) ?? new Set()).add(t.service));
  return (t) => t.system === "bull" && [...(consumers.get(t.topic) ?? [])].some((service) => service !== t.service);
}

/** The function where two paths from the handler part: the last one both pass through. */
function partingFunction(start: string, a: readonly ModelEdge[], b: readonly ModelEdge[]): string {
  let at = start;
  for (let i = 0; i < a.length && i < b.length && a[i] === b[i]; i++) at = a[i]!.to;
  return at;
}

export default defineRule<Record<string, never>>({
  meta: {
    id: "dual-write",
    description: "A request or message handler that writes to its datastore does not also publish to a broker as a separate operation: the event goes through a transactional outbox or change data capture.",
    defaultSeverity: "error",
    options: {},
    defaultOptions: {},
  },
  check(plain) {
    const model = withGrpcHandlers(plain);
    const redisOnly = redisOnlyServices(model);
    // A Redis key is the service's state only where Redis is its one datastore; beside a database it is a cache.
    const writes = (model.writes ?? []).filter((write) => write.library !== "redis" || redisOnly.has(write.service));
    if (!writes.length) return [];
    const writesIn = groupBy(writes, (w) => w.inFunction);
    const crossService = jobsForOthers(model.topics);
    // A library's publish whose topic its callers' values decide at run time is a publish all the same.
    const unnamed = (model.unnamedTopics ?? []).flatMap((u) => (u.publish ? [u.publish] : []));
    const publishesIn = groupBy(
      [...model.topics, ...unnamed].filter((t) => t.role === "produce" && !t.requestReply && (BROKERS.has(t.system) || crossService(t) || t.packageBase) && t.inFunction),
      (t) => t.inFunction!,
    );
    if (!publishesIn.size) return [];
    const graph = CallGraph.of(model);
    const edgesOf = (fn: string): readonly ModelEdge[] => model.edges[fn] ?? [];
    const reports: RuleReport[] = [];
    const reported = new Set<string>();
    for (const handler of handlers(model)) {
      const reached = graph.functionsReached(handler.fn);
      const writes: { write: ModelWrite; via: ModelEdge[] }[] = [];
      const publishes: { topic: ModelTopic; via: ModelEdge[] }[] = [];
      let outbox = false;
      for (const [fn, via] of reached) {
        for (const w of writesIn.get(fn) ?? []) {
          if (w.service !== handler.service) continue;
          if (isOutboxTable(w.target)) outbox = true;
          else writes.push({ write: w, via });
        }
        for (const t of publishesIn.get(fn) ?? []) if (t.service === handler.service) publishes.push({ topic: t, via });
      }
      if (outbox) continue;
      // A helper's publish that a call site reached here names the topic of (argument-topics.ts) is that site's publish.
      const standsFor = new Set(publishes.flatMap(({ topic }) => (topic.madeFrom ? [topic.madeFrom] : [])));
      const pairs = pairsOf(handler, writes, standsFor.size ? publishes.filter(({ topic }) => !standsFor.has(`${topic.location.file}:${topic.location.line}:${topic.location.column}`)) : publishes, edgesOf, (fn) => graph.functionsReached(fn));
      pairs.forEach(([write, publish], nth) => {
        // One finding per place the two are paired: where their paths part (the handler itself, or a function it calls that
        // both writes and publishes). Two handlers that each pair a shared repository's update with a shared publish helper
        // are two fixes; two that call one function doing both are one.
        const parting = partingFunction(handler.fn, write.via, publish.via);
        const key = `${parting}|${where(write.write.location)}|${where(publish.topic.location)}`;
        if (reported.has(key)) return;
        reported.add(key);
        const { write: w, via: writeVia } = write;
        const { topic, via: publishVia } = publish;
        const target = w.target ? `${w.target} (${w.library} ${w.operation})` : `its datastore (${w.library} ${w.operation})`;
        reports.push({
          messageId: "dualWrite",
          message: `${handler.service} writes ${target} and publishes ${topic.topic} (${topic.system}) as two separate operations while handling ${handler.text}: a crash between them leaves the database and the event stream disagreeing; write the event to an outbox table in the same transaction and let a relay publish it, or publish from change data capture`,
          data: { service: handler.service, target: w.target ?? "", topic: topic.topic, system: topic.system },
          location: reportedAt(model.fileService, handler.service, topic.location, publishVia),
          evidence: [
            { message: `${handler.service} ${handler.text} is handled here`, location: handler.location },
            ...writeVia.map((edge) => ({ message: callText(edge.to), location: edge.location })),
            { message: `writes ${target}`, location: w.location },
            ...publishVia.map((edge) => ({ message: callText(edge.to), location: edge.location })),
            { message: `publishes ${topic.topic} (${topic.system})`, location: topic.location },
          ],
          // The handler too: two routes of one file that each write and publish the same event are two fixes; past the
          // first, a dispatching consumer's pair is told by the named function it parts in.
          key: `${handler.service}|${handler.text}|${w.target ?? w.library}|${topic.system} ${topic.topic}|${topic.location.file}${nth ? `|${parting}` : ""}`,
        });
      });
    }
    return reports;
  },
});

/**
 * Where the finding is reported: the publish, or, when the publish is in a library's code (a broker helper the services
 * share), the last call on the way to it that the service's own code makes: that is the line its team changes.
 */
function reportedAt(fileService: Readonly<Record<string, string>>, service: string, publish: Location, via: readonly ModelEdge[]): Location {
  if (fileService[publish.file] === service) return publish;
  for (let i = via.length - 1; i >= 0; i--) if (fileService[via[i]!.location.file] === service) return via[i]!.location;
  return publish;
}

/** The services whose every datastore connection is to Redis (a job queue's among them): their keys are their state. */
function redisOnlyServices(model: ArchModel): Set<string> {
  const engines = new Map<string, Set<string>>();
  for (const store of model.datastores) engines.set(store.service, (engines.get(store.service) ?? new Set()).add(store.engine));
  return new Set([...engines].filter(([, found]) => found.size === 1 && found.has("redis")).map(([service]) => service));
}

/** Route handlers (gRPC methods among them) and message consumers, each function once. */
function handlers(model: ReturnType<typeof withGrpcHandlers>): Handler[] {
  const seen = new Set<string>();
  const out: Handler[] = [];
  for (const route of model.routes) {
    if (!route.handler || seen.has(route.handler)) continue;
    seen.add(route.handler);
    out.push({ service: route.service, fn: route.handler, text: `${route.method} ${route.path}`, location: route.location, topics: 0 });
  }
  const consumers = new Map<string, Handler>();
  // One pattern a hybrid app takes over two transports (`@MessagePattern("x")` on NATS and TCP) is one kind of message,
  // not two topics the handler dispatches on: topics are counted by name.
  const names = new Map<string, Set<string>>();
  for (const topic of model.topics) {
    if (topic.role !== "consume" || !topic.inFunction || topic.system === "grpc" || seen.has(topic.inFunction)) continue;
    const known = consumers.get(topic.inFunction);
    const taken = names.get(topic.inFunction) ?? new Set<string>();
    names.set(topic.inFunction, taken);
    if (taken.has(topic.topic)) continue;
    taken.add(topic.topic);
    if (known) known.topics++;
    else consumers.set(topic.inFunction, { service: topic.service, fn: topic.inFunction, text: `message ${topic.topic} (${topic.system})`, location: topic.location, topics: 1 });
  }
  for (const consumer of consumers.values()) {
    if (consumer.topics > 1) consumer.text = `${consumer.text.replace(/^message /, "messages of ")} and ${consumer.topics - 1} more topic${consumer.topics > 2 ? "s" : ""}`;
    out.push(consumer);
  }
  // A subscribe helper's callback runs what the helper was handed (model/handed-callbacks.ts): each function handed over
  // handles the subscription's messages. A topic the helper's parameters make (`{topic}` of a list) may be several,
  // so the pair must part below the handed function (a dispatch on the topic picks one of its named handlers).
  const handed = new Map<string, Handler>();
  for (const topic of model.topics) {
    if (topic.role !== "consume" || !topic.handedTo) continue;
    for (const fn of topic.handedTo) {
      if (seen.has(fn)) continue;
      const known = handed.get(fn);
      if (known) known.topics++;
      else handed.set(fn, { service: topic.service, fn, text: `message ${topic.topic} (${topic.system})`, location: topic.location, topics: /[{}]/.test(topic.topic) ? 2 : 1 });
    }
  }
  for (const handler of handed.values()) {
    // Named as a consumer of several topics is (the count of a list the helper was given is not known).
    if (handler.topics > 1 && !/[{}]/.test(handler.text)) handler.text = `${handler.text.replace(/^message /, "messages of ")} and ${handler.topics - 1} more topic${handler.topics > 2 ? "s" : ""}`;
    out.push(handler);
  }
  return out;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}

function where(location: Location): string {
  return `${location.file}:${location.line}:${location.column}`;
}
