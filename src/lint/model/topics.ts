import type { FileFacts, Location, MessagingSystem, ModelTopic, TopicFact, TransportFact, Value } from "../types.js";
import { ModuleResolver, resolveExport } from "./resolve.js";
import { helperOf } from "./call-site-topics.js";
import { withModuleHandlers } from "./grpc-module-handlers.js";
import { classOfInstance } from "./instance-classes.js";
import { nestClientClassSystem, TRANSPORTS } from "../extract/messaging/nest-transport.js";

/**
 * The topics of the model, each on its real transport. Most topic facts name
 * their system; two kinds are completed here, where every file is seen:
 * - NestJS patterns take the transport of the app's microservice options (handlers)
 *   or of the client registration their injection token names (client calls);
 * - a base class's `this.subject` template becomes one topic per subclass that sets `subject`.
 */

export interface TopicsInput {
  facts: ReadonlyMap<string, FileFacts>;
  fileService: Record<string, string>;
  resolver: ModuleResolver;
  /** A value as the file's service sees it (env, imported constants). */
  render(file: string, value: Value): { text: string; complete: boolean };
  /** The global id of a handler named in a file (TopicFact.handlerRef), found as a route's handler is. */
  resolveHandler(file: string, ref: { object?: string; name: string }): string | undefined;
  /** The services that use a file no service owns (a library's), through their imports. */
  usersOf?(file: string): readonly { service: string }[];
  /** Filled with a library's publishes and subscriptions whose topic no service's code names (said in model/understood.ts). */
  unnamed?: { service: string; location: Location; message: string; publish?: ModelTopic }[];
}

interface Placed<T> {
  fact: T;
  file: string;
  service: string | undefined;
}

interface Choice {
  system: MessagingSystem;
  resolution?: string;
}

const at = (location: Location) => `${location.file}:${location.line}`;

/**
 * An SQS queue by its name, whichever endpoint its URL names (AWS, LocalStack), and an SNS topic by the name
 * its ARN ends with: the producer and the consumer often spell the address differently.
 */
function topicName(system: MessagingSystem, text: string): string {
  if (system === "sqs") return /^https?:\/\/[^/{}$]+\/(?:[^/{}$]+\/)*([^/?#{}$]+)\/?$/.exec(text)?.[1] ?? text;
  if (system === "sns") return /^arn:aws[\w-]*:sns:[^:]*:[^:]*:([^:{}$]+)$/.exec(text)?.[1] ?? text;
  if (system === "grpc") return generatedServiceName(text);
  return text;
}

/**
 * ts-proto's generated constant for a service's name, `USERS_SERVICE_NAME = "UsersService"`, read where the generated
 * file is not committed (made at build time from the .proto): `{UsersProto.USERS_SERVICE_NAME}/FindOne` is
 * `UsersService/FindOne`, as the generator always names it.
 */
function generatedServiceName(text: string): string {
  const match = /^\{(?:[\w$]+\.)*([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)_SERVICE_NAME\}(\/.*)?$/.exec(text);
  if (!match) return text;
  const words = match[1]!.split("_").map((word) => word.charAt(0) + word.slice(1).toLowerCase());
  return `${words.join("")}Service${match[2] ?? ""}`;
}

export function buildTopics(input: TopicsInput): ModelTopic[] {
  const { facts, fileService } = input;
  const transports: Placed<TransportFact>[] = [];
  const templates: Placed<TopicFact>[] = [];
  const constants = new Map<string, Set<string>>();
  for (const f of facts.values()) {
    for (const fact of f.transports) transports.push({ fact, file: f.file, service: fileService[f.file] });
    for (const fact of f.topics) if (fact.member) templates.push({ fact, file: f.file, service: fileService[f.file] });
    for (const [constant, value] of Object.entries(f.constants)) {
      if (value.parts.length !== 1 || value.parts[0]!.kind !== "text") continue;
      // `module.exports = { ORDER_CREATED: "..." }` is read as `default.ORDER_CREATED`, and imported as ORDER_CREATED.
      const key = constant.startsWith("default.") ? constant.slice("default.".length) : constant;
      let values = constants.get(key);
      if (!values) constants.set(key, (values = new Set()));
      values.add((value.parts[0] as { text: string }).text);
    }
  }
  const chooser = new TransportChooser(input, transports);
  // JetStream configuration declared anywhere in the scan (`jsm.consumers.add`, `jsm.streams.add`), rendered once.
  let configs: { stream: string; durable?: string; subjects: string[] }[] | undefined;
  const pullSubjects = (file: string, pull: NonNullable<TopicFact["pull"]>): string[] => {
    configs ??= [...facts.values()].flatMap((g) => (g.jetStreamConfigs ?? []).map((c) => ({ stream: render(g.file, c.stream), ...(c.durable ? { durable: render(g.file, c.durable) } : {}), subjects: c.subjects.map((v) => render(g.file, v)) })));
    const stream = render(file, pull.stream);
    const durable = pull.durable ? render(file, pull.durable) : undefined;
    const own = configs.filter((c) => c.stream === stream && c.durable !== undefined && c.durable === durable && c.subjects.length > 0);
    const chosen = own.length ? own : configs.filter((c) => c.stream === stream && c.durable === undefined);
    return [...new Set(chosen.flatMap((c) => c.subjects))];
  };
  const usedTemplates = new Set<TopicFact>();
  const render = (file: string, value: Value): string => {
    const rendered = input.render(file, value);
    if (rendered.complete) return rendered.text;
    // `ORDER_CREATED` or `Subjects.TicketCreated` imported from a package the scan cannot resolve (the published copy
    // of a shared package that is also in the repository): the one exported constant of that name, if only one value has it.
    const only = value.parts.length === 1 ? value.parts[0] : undefined;
    if (only?.kind !== "import" || input.resolver.resolve(file, only.specifier)) return rendered.text;
    const known = constants.get(only.name);
    return known?.size === 1 ? [...known][0]! : rendered.text;
  };

  const out: ModelTopic[] = [];
  const subclassTopics: ModelTopic[] = [];
  const brokersOf = serviceBrokers(input);
  /** The topics each publisher subclass sends, by `<file>|<class>`. */
  const publishers = new Map<string, ModelTopic[]>();
  for (const f of facts.values()) {
    const service = fileService[f.file];
    if (service === undefined) continue;
    for (const member of f.topicMembers) {
      const found = templatesFor(input, templates, f.file, member.base, member.member);
      const published = found.length ? undefined : publishedBase(input, f.file, service, member, brokersOf);
      for (const template of published ? [published] : found) {
        usedTemplates.add(template.fact);
        const topic: ModelTopic = {
          service,
          system: template.fact.system ?? "unknown",
          topic: render(f.file, member.value),
          role: template.fact.role,
          ...(template.fact.requestReply ? { requestReply: true } : {}),
          resolution: published
            ? `${member.member} of ${member.className}, which ${template.fact.role}s through ${template.fact.member!.className} of ${(member.base as { specifier: string }).specifier} (a package the scan does not have; ${template.fact.system} is what ${service} connects to)`
            : `${member.member} of ${member.className}, which ${template.fact.role}s through ${template.fact.member!.className} at ${at(template.fact.location)}`,
          location: member.location,
        };
        // A listener's message handler is the subclass's method its base class calls for each message (`onMessage`).
        const handler = template.fact.role === "consume" ? messageHandlerOf(f, member.className) : undefined;
        if (handler) topic.inFunction = `${f.file}#${handler}`;
        subclassTopics.push(topic);
        if (topic.role === "produce" && !topic.requestReply) {
          const key = `${f.file}|${member.className}`;
          publishers.set(key, [...(publishers.get(key) ?? []), topic]);
        }
      }
    }
  }
  for (const f of facts.values()) {
    const owner = fileService[f.file];
    // A shared library's publish or subscribe is one of each service that uses the library (through its imports), as
    // its connections are: a topic it names itself, or a publish helper whose topic its callers pass (argument-topics.ts).
    const users = owner !== undefined ? [owner] : f.topics.length && input.usersOf ? [...new Set(input.usersOf(f.file).map((user) => user.service))] : [];
    if (users.length === 0) continue;
    const topics = owner !== undefined ? f.topics : f.topics.filter((t) => input.render(f.file, t.topic).complete || (!t.requestReply && helperOf(t.topic.parts) !== undefined));
    if (input.unnamed && topics.length < f.topics.length) unnamedTopics(input.unnamed, users, f.topics.filter((t) => !topics.includes(t) && !t.member), (value) => input.render(f.file, value).text, (t) => handlerOf(input, f.file, t));
    // A gRPC service handed a whole module: one topic per function it exports, handled there.
    const placed = withModuleHandlers(facts, input.resolver, f.file, topics);
    for (const service of users) {
      for (const { fact: t, handler } of placed) {
        // A template its subclasses fill in is their topic; one whose own class sets the member is a topic of that class too.
        if (t.member && usedTemplates.has(t) && !input.render(f.file, t.topic).complete) continue;
        if (t.transportFrom?.kind === "object") {
          const object = importedObject(input, transports, f.file, t.transportFrom);
          if (!object) {
            // A wrapper's client (`natsWrapper.client.publish`): on the one broker library the wrapper's module imports.
            const wrapped = t.transportFrom.member !== undefined ? wrapperSystem(input, f.file, t.transportFrom) : undefined;
            // No broker object behind the import: some other `publish` or `add`.
            if (!wrapped) continue;
            out.push({
              service,
              system: wrapped.system,
              topic: topicName(wrapped.system, render(f.file, t.topic)),
              role: t.role,
              ...(t.requestReply ? { requestReply: true } : {}),
              resolution: `${t.transportFrom.name}.${t.transportFrom.member} from ${t.transportFrom.specifier}, whose module ${wrapped.file} imports ${wrapped.module}`,
              ...handlerOf(input, f.file, t),
              ...(t.arms ? { arms: t.arms } : {}),
              location: t.location,
            });
            continue;
          }
          out.push({
            service,
            system: object.fact.system ?? "unknown",
            topic: topicName(object.fact.system ?? "unknown", object.fact.topic ? render(object.file, object.fact.topic) : render(f.file, t.topic)),
            role: t.role,
            ...(t.requestReply ? { requestReply: true } : {}),
            resolution: `${t.transportFrom.name} from ${t.transportFrom.specifier}, made at ${at(object.fact.location)}`,
            ...handlerOf(input, f.file, t),
            ...(t.arms ? { arms: t.arms } : {}),
            location: t.location,
          });
          continue;
        }
        // A JetStream pull consumer: the subjects its durable consumer's (or its stream's) configuration names.
        const subjects = t.pull ? pullSubjects(f.file, t.pull) : [render(f.file, t.topic)];
        for (const topic of subjects) for (const choice of chooser.systemsOf(t, service, f.file)) {
          out.push({
            service,
            system: choice.system,
            topic: topicName(choice.system, topic),
            role: t.role,
            ...(t.requestReply ? { requestReply: true } : {}),
            ...(choice.resolution ? { resolution: choice.resolution } : {}),
            ...(handler ? { inFunction: handler } : handlerOf(input, f.file, t)),
            ...(t.role === "produce" && t.requestReply && t.awaited ? { awaited: true as const } : {}),
            ...(t.role === "produce" && t.requestReply && t.parallel ? { parallel: t.parallel } : {}),
            ...(t.role === "produce" && t.requestReply && t.fired ? { fired: true as const } : {}),
            ...(t.arms ? { arms: t.arms } : {}),
            location: t.location,
          });
        }
      }
    }
  }
  return [...out, ...subclassTopics, ...inheritedPublishes(input, publishers), ...packageBasePublishes(input, brokersOf)];
}

/**
 * A library's publish or subscription whose topic is made of what the library's own code cannot tell (a parameter of a
 * factory that returns the sender, `const { eventName } = options`): no service is given it, so each user is told that
 * what it sends or receives there goes unchecked. One per place, whichever transport. A publish on a known broker is
 * still a publish, whatever its topic: it is kept beside (`publish`) for dual-write, which needs no topic's name.
 */
function unnamedTopics(out: NonNullable<TopicsInput["unnamed"]>, users: readonly string[], dropped: readonly TopicFact[], text: (value: Value) => string, handler: (t: TopicFact) => { inFunction?: string }): void {
  const seen = new Set<string>();
  for (const t of dropped) {
    const key = at(t.location);
    if (seen.has(key)) continue;
    seen.add(key);
    const event = t.role === "produce" && !t.requestReply && t.system !== undefined ? handler(t) : {};
    for (const service of users) {
      out.push({
        service,
        location: t.location,
        message: unnamedTopicMessage(t, key, service, text(t.topic), event.inFunction !== undefined),
        ...(event.inFunction ? { publish: { service, system: t.system!, topic: text(t.topic), role: "produce" as const, inFunction: event.inFunction, location: t.location } } : {}),
      });
    }
  }
}

/**
 * What a user of a library is told of a publish or subscription of it whose topic no code of the scan names; `written`:
 * a publish whose function is known, so a write beside it is still reported by dual-write.
 */
export function unnamedTopicMessage(t: Pick<TopicFact, "role" | "requestReply">, key: string, service: string, topic: string, written = false): string {
  const what = t.role === "produce" ? (t.requestReply ? "request" : "publish") : "subscription";
  return `the ${what} at ${key} (a library ${service} uses) names its topic ${topic} from values its own code does not fix (a parameter of a function that returns the sender, an options object, a setting read at run time), so no topic of ${service} comes from it: what it ${t.role === "produce" ? "sends" : "receives"} there is not checked${written ? " (a write beside it is still reported by dual-write)" : ", nor the dual writes around it"}`;
}

/** The broker each client library connects to, for a base class whose own code the scan does not have. */
const BROKER_MODULES: Record<string, MessagingSystem> = {
  "node-nats-streaming": "nats-streaming",
  nats: "nats",
  "@nats-io/transport-node": "nats",
  kafkajs: "kafka",
  "kafka-node": "kafka",
  "node-rdkafka": "kafka",
  amqplib: "amqp",
  "amqplib/callback_api": "amqp",
  "amqp-connection-manager": "amqp",
  "amqp-ts": "amqp",
  "amqp-ts-async": "amqp",
  "@google-cloud/pubsub": "gcp-pubsub",
};

/** The brokers each service's own files import a client of (`import nats from "node-nats-streaming"`), lazily. */
function serviceBrokers(input: TopicsInput): (service: string) => ReadonlySet<MessagingSystem> {
  let bySystem: Map<string, Set<MessagingSystem>> | undefined;
  return (service) => {
    if (!bySystem) {
      bySystem = new Map();
      for (const f of input.facts.values()) {
        const owner = input.fileService[f.file];
        if (owner === undefined) continue;
        for (const imported of f.imports) {
          const system = BROKER_MODULES[imported.specifier];
          if (system) bySystem.set(owner, (bySystem.get(owner) ?? new Set()).add(system));
        }
      }
    }
    return bySystem.get(service) ?? new Set();
  };
}

/**
 * A subclass of a `…Publisher` or `…Listener` base class imported from a package the scan does not have (the published
 * copy of the ticketing course's common library, with no copy of it in the repository): the base publishes or listens
 * on the member the subclass sets, on the one broker the service connects to. None when the service uses several or none.
 */
function publishedBase(input: TopicsInput, file: string, service: string, member: FileFacts["topicMembers"][number], brokersOf: (service: string) => ReadonlySet<MessagingSystem>): Placed<TopicFact> | undefined {
  if (!("specifier" in member.base) || input.resolver.resolve(file, member.base.specifier)) return undefined;
  // `Publisher`, `BasePublisher`, and the factory-named bases some course libraries export (`ProducerFactory`, `ConsumerFactory`).
  const role = /(Publisher|Producer)(Factory|Base)?$/.test(member.base.name) ? "produce" : /(Listener|Subscriber|Consumer)(Factory|Base)?$/.test(member.base.name) ? "consume" : undefined;
  const brokers = brokersOf(service);
  if (!role || brokers.size !== 1) return undefined;
  const system = [...brokers][0]!;
  return { fact: { system, role, topic: member.value, member: { className: member.base.name, name: member.member }, location: member.location }, file, service };
}

/** What a listener subclass names the method its base class runs for each message. */
const HANDLER_METHOD = /^(onMessage|handleMessage|handle|handleEvent|onEvent|processMessage|process|consume)$/;

/** The id of the message handler a listener subclass declares (`fn:OrderCreatedListener.onMessage`), if one. */
function messageHandlerOf(f: FileFacts, className: string): string | undefined {
  const prefix = `fn:${className}.`;
  return f.functions.find((fn) => fn.id.startsWith(prefix) && HANDLER_METHOD.test(fn.id.slice(prefix.length)))?.id;
}

/** The methods through which a publisher class sends its event (`new TicketCreatedPublisher(client).publish(ticket)`). */
const PUBLISHING_METHOD = /^(publish|emit|send|produce|dispatch|sendBatch|publishBatch)$/;

/**
 * A subclass that names the topic of a base class's `publish` sends that topic wherever its publishing method is
 * called: `new TicketCreatedPublisher(client).publish(data)`, or `publisher.publish(data)` on such an instance. The
 * method is the base class's (in the repository or in a published package the scan does not have), so the call graph
 * cannot reach the send from the handler: the call itself is where the function publishes (dual-write pairs it).
 */
function inheritedPublishes(input: TopicsInput, byClass: ReadonlyMap<string, ModelTopic[]>): ModelTopic[] {
  if (!byClass.size) return [];
  const out: ModelTopic[] = [];
  for (const { f, service, callee, declared } of publishingCalls(input)) {
    const topics = declared && byClass.get(`${declared.file}|${declared.className}`);
    for (const topic of topics ?? []) {
      if (topic.service !== service) continue;
      out.push({ ...topic, resolution: `${callee.object}.${callee.name}(), ${topic.resolution}`, inFunction: `${f.file}#${callee.from}`, arms: callee.arms, location: callee.location });
    }
  }
  return out;
}

/** The publishing calls of the services' files (`publisher.publish(data)`, `this.producer.send(topic, data)`), with the class their object is an instance of, where known. */
function* publishingCalls(input: TopicsInput): Generator<{ f: FileFacts; service: string; callee: FileFacts["callees"][number] & { from: string; object: string }; declared: { file: string; className: string } | undefined }> {
  for (const f of input.facts.values()) {
    const service = input.fileService[f.file];
    if (service === undefined) continue;
    for (const callee of f.callees) {
      if (!callee.from || !callee.object || !PUBLISHING_METHOD.test(callee.name)) continue;
      const declared = callee.object.startsWith("this.") ? classOfMember(input, f, callee.className, callee.object.slice("this.".length)) : classDeclaredBy(input, f, callee.object);
      yield { f, service, callee: callee as FileFacts["callees"][number] & { from: string; object: string }, declared };
    }
  }
}

/** A producer or publisher base class a package exports (`AbstractEventProducer`, `BasePublisher`, `Producer`). */
const PACKAGE_PUBLISHER_BASE = /^(Abstract|Base)?\w*(Publisher|Producer)$/;

/**
 * A subclass of a package's producer base that names no topic of its own (`class UserCreatedProducer extends
 * AbstractEventProducer<UserCreated> {}`), its inherited `send(Topics.UsersCreated, data)` or `publish(data)` called on an
 * instance (`new UserCreatedProducer().send(…)`, an instance another module exports): a publish at that call, on the one
 * broker the service's code connects to, else on a broker the scan cannot name ("unknown", which dual-write still pairs:
 * the class is made to send events). NestJS CQRS's in-process `EventPublisher` is no broker.
 */
function packageBasePublishes(input: TopicsInput, brokersOf: (service: string) => ReadonlySet<MessagingSystem>): ModelTopic[] {
  const out: ModelTopic[] = [];
  for (const { f, service, callee, declared } of publishingCalls(input)) {
    if (!declared) continue;
    const owner = input.facts.get(declared.file);
    const base = owner?.classBases?.[declared.className];
    if (!base || !("specifier" in base) || !PACKAGE_PUBLISHER_BASE.test(base.name) || base.specifier.startsWith("@nestjs/")) continue;
    if (input.resolver.resolve(declared.file, base.specifier)) continue;
    // A subclass that names its topic is read from that member (publishedBase, inheritedPublishes).
    if (owner.topicMembers.some((m) => m.className === declared.className)) continue;
    const brokers = brokersOf(service);
    const system: MessagingSystem = brokers.size === 1 ? [...brokers][0]! : "unknown";
    const named = callee.name === "send" || callee.name === "produce" ? callee.literalArgs?.[0] : undefined;
    out.push({
      service,
      system,
      topic: named ?? `{${declared.className}}`,
      role: "produce",
      resolution: `${callee.object}.${callee.name}() of ${declared.className}, a subclass of ${base.name} of ${base.specifier} (a package the scan does not have)${system === "unknown" ? ", on a broker the service's code does not name" : ""}`,
      inFunction: `${f.file}#${callee.from}`,
      ...(callee.arms ? { arms: callee.arms } : {}),
      location: callee.location,
      packageBase: true,
    });
  }
  return out;
}

/**
 * Where the class a file names is declared: through its import, else in the file itself. A name bound to an instance
 * made at a module's top level (`export default new OrderCreatedPublisher(client)` imported as `orderCreated`, or
 * `const publisher = new OrderCreatedPublisher(client)` in the file) stands for that instance's class.
 */
function classDeclaredBy(input: TopicsInput, f: FileFacts, name: string): { file: string; className: string } | undefined {
  const imported = f.imports.find((i) => i.local === name);
  if (!imported) {
    if (f.exports[name] === `class:${name}` || Object.values(f.exports).includes(`class:${name}`)) return { file: f.file, className: name };
    return f.instanceClasses?.[name] !== undefined ? classOfInstance(input.facts, input.resolver, f.file, `const:${name}`) : undefined;
  }
  const target = input.resolver.resolve(f.file, imported.specifier);
  const exported = target ? resolveExport(input.facts, input.resolver, target, imported.imported) : undefined;
  if (!exported) return undefined;
  if (exported.id.startsWith("class:")) return { file: exported.file, className: exported.id.slice("class:".length) };
  return classOfInstance(input.facts, input.resolver, exported.file, exported.id);
}

/**
 * The class of a member a class types with one (`constructor(private readonly created: TicketCreatedPublisher)`, then
 * `this.created.publish(ticket)` in a NestJS controller): where that class is declared.
 */
function classOfMember(input: TopicsInput, f: FileFacts, className: string | undefined, member: string): { file: string; className: string } | undefined {
  const typed = className === undefined ? undefined : f.memberTypes?.[`${className}.${member}`];
  if (!typed) return undefined;
  if ("local" in typed) return { file: f.file, className: typed.local };
  const target = input.resolver.resolve(f.file, typed.specifier);
  const exported = target ? resolveExport(input.facts, input.resolver, target, typed.name) : undefined;
  return exported?.id.startsWith("class:") ? { file: exported.file, className: exported.id.slice("class:".length) } : undefined;
}

/** The function a topic is used in or handled by: of its own file, or another module's it names. */
function handlerOf(input: TopicsInput, file: string, t: TopicFact): { inFunction?: string } {
  if (t.inFunction) return { inFunction: `${file}#${t.inFunction}` };
  const resolved = t.handlerRef ? input.resolveHandler(file, t.handlerRef) : undefined;
  return resolved ? { inFunction: resolved } : {};
}

/** The broker connection or queue an imported binding is, when the module it comes from makes one. */
function importedObject(input: TopicsInput, transports: readonly Placed<TransportFact>[], file: string, ref: { specifier: string; name: string }): Placed<TransportFact> | undefined {
  const target = input.resolver.resolve(file, ref.specifier);
  const exported = target ? resolveExport(input.facts, input.resolver, target, ref.name) : undefined;
  if (!exported) return undefined;
  const local = exported.id.replace(/^(?:var|const):/, "");
  return transports.find((t) => t.fact.kind === "object" && t.file === exported.file && t.fact.name === local);
}

/** The broker of the one client library the module an import names imports itself (a wrapper around the client), if one. */
function wrapperSystem(input: TopicsInput, file: string, ref: { specifier: string; name: string }): { system: MessagingSystem; file: string; module: string } | undefined {
  const target = input.resolver.resolve(file, ref.specifier);
  const exported = target ? resolveExport(input.facts, input.resolver, target, ref.name) : undefined;
  const facts = exported ? input.facts.get(exported.file) : undefined;
  if (!facts) return undefined;
  const found = facts.imports.flatMap((imported) => (BROKER_MODULES[imported.specifier] ? [{ system: BROKER_MODULES[imported.specifier]!, module: imported.specifier }] : []));
  if (new Set(found.map((f) => f.system)).size !== 1) return undefined;
  return { ...found[0]!, file: facts.file };
}

/** The templates (`this.subject` topics) of a subclass's base class: through its import, else the one class of that name that has them. */
function templatesFor(input: TopicsInput, templates: readonly Placed<TopicFact>[], file: string, base: { specifier: string; name: string } | { local: string }, member: string): Placed<TopicFact>[] {
  let target: { file: string; className: string } | undefined;
  if ("local" in base) target = { file, className: base.local };
  else {
    const resolved = input.resolver.resolve(file, base.specifier);
    const exported = resolved ? resolveExport(input.facts, input.resolver, resolved, base.name) : undefined;
    if (exported?.id.startsWith("class:")) target = { file: exported.file, className: exported.id.slice("class:".length) };
  }
  const matches = (t: Placed<TopicFact>, className: string) => t.fact.member!.className === className && t.fact.member!.name === member;
  if (target) {
    const found = templates.filter((t) => t.file === target.file && matches(t, target.className));
    if (found.length) return found;
  }
  const name = "local" in base ? base.local : base.name;
  const byName = templates.filter((t) => matches(t, name));
  // By name only when every class of that name travels on one system; one template per role.
  if (new Set(byName.map((t) => t.fact.system)).size !== 1) return [];
  const seen = new Map<string, Placed<TopicFact>>();
  for (const t of byName) if (!seen.has(`${t.fact.role}|${t.fact.requestReply ?? false}`)) seen.set(`${t.fact.role}|${t.fact.requestReply ?? false}`, t);
  return [...seen.values()];
}

/** Which NestJS transport a pattern travels on. */
class TransportChooser {
  private readonly clients: readonly Placed<TransportFact>[];
  /** A service's handlers all listen on the same transports: decided once per service. */
  private readonly servers = new Map<string, Choice[]>();

  constructor(
    private readonly input: TopicsInput,
    private readonly transports: readonly Placed<TransportFact>[],
  ) {
    this.clients = transports.filter((t) => t.fact.kind === "client");
  }

  systemsOf(t: TopicFact, service: string, file: string): Choice[] {
    if (t.system) return [{ system: t.system }];
    const from = t.transportFrom;
    if (from?.kind === "nest-server") {
      let choices = this.servers.get(service);
      if (!choices) this.servers.set(service, (choices = this.server(service)));
      return choices;
    }
    if (from?.kind === "nest-client") return [this.client(from.token, service, file, from.transport, from.made)];
    if (from?.kind === "client-class") {
      // A class of the project that extends none of Nest's clients: its `emit` or `send` is no message.
      const extended = nestClientBase(this.input, file, from.class);
      return extended ? [{ system: extended.system, resolution: `${extended.className} extends ${extended.base} (${extended.file})` }] : [];
    }
    return [{ system: "unknown" }];
  }

  /** A handler listens on every transport its app connects (a hybrid app has several). */
  private server(service: string): Choice[] {
    // A library's bootstrap (`export const bootTcp = (m) => NestFactory.createMicroservice(m, { transport: Transport.TCP })`)
    // starts the microservice of each service that imports it.
    const servers = this.transports.filter((t) => t.fact.kind === "server" && (t.service === service || (t.service === undefined && !!this.input.usersOf?.(t.file).some((u) => u.service === service))));
    const known = distinct(servers.filter((t) => t.fact.system));
    if (known.length) return known.map((t) => ({ system: t.fact.system!, resolution: `${t.fact.system} microservice options at ${at(t.fact.location)}` }));
    // Options built by a helper (`rmqService.getOptions("BILLING")`): the one transport the service's (or the shared code's) option objects name.
    // With no microservice call at all, only the service's own option objects count: shared ones may serve other apps.
    const options = this.onlyOption(service, servers.length > 0);
    if (options) return [{ system: options.fact.system!, resolution: `${options.fact.system} options at ${at(options.fact.location)}${servers.length ? ` (the microservice options at ${at(servers[0]!.fact.location)} are not spelled out)` : ""}` }];
    const why = servers.length ? `the microservice options at ${at(servers[0]!.fact.location)} are not spelled out` : `no NestJS microservice options found for ${service}`;
    return [{ system: "unknown", resolution: why }];
  }

  private client(token: Value, service: string, file: string, transport?: Value, made?: true): Choice {
    const { clients } = this;
    const name = this.input.render(file, token);
    if (name.complete) {
      const named = clients.filter((t) => this.tokenText(t) === name.text);
      const own = named.filter((t) => t.service === service);
      // A registration whose options are not spelled out (`ClientProxyFactory.create(config.getRedisOptions())`) names no
      // transport to disagree with the one an options object of that name spells out.
      const candidates = distinct(own.length ? own : named);
      const spelled = candidates.filter((t) => t.fact.system);
      const chosen = spelled.length ? spelled : candidates;
      if (chosen.length === 1 && chosen[0]!.fact.system) return { system: chosen[0]!.fact.system, resolution: `client ${name.text} registered at ${at(chosen[0]!.fact.location)}` };
      if (chosen.length > 1) return { system: "unknown", resolution: `client ${name.text} is registered with several transports` };
      if (chosen.length === 1 && chosen[0]!.fact.spreadTransport) {
        // `{ name: "USERS", ...natsOptions }`: the transport of the options spread in, as their module defines it.
        const spread = this.input.render(chosen[0]!.file, chosen[0]!.fact.spreadTransport);
        const system = /^\{Transport\.(\w+)\}$/.exec(spread.text)?.[1];
        if (system && TRANSPORTS[system]) return { system: TRANSPORTS[system], resolution: `client ${name.text} registered at ${at(chosen[0]!.fact.location)} with options that set Transport.${system}` };
      }
      if (chosen.length === 1) {
        // Registered with options a helper builds (`ClientProxyFactory.create(rmq.createConfig(...))`): the one transport the option objects name.
        const options = this.onlyOption(service, true);
        if (options) return { system: options.fact.system!, resolution: `${options.fact.system} options at ${at(options.fact.location)} (client ${name.text} registered at ${at(chosen[0]!.fact.location)} with options not spelled out)` };
        return { system: "unknown", resolution: `client ${name.text} registered at ${at(chosen[0]!.fact.location)} with options whose transport is not written there` };
      }
    }
    // `RmqModule.register({ name: "BILLING" })` in this service: the transport of that module's own registration.
    const byModule = name.complete ? this.registeredByModule(name.text, service) : undefined;
    if (byModule) return byModule;
    // `ClientProxyFactory.create(this.config.natsOptions())`: made in place from options a helper builds, registered under
    // no name; the one transport the option objects of the service (or of the shared code) name, before any guess from
    // registrations elsewhere.
    if (made) {
      const options = this.onlyOption(service, true);
      if (options) return { system: options.fact.system!, resolution: `${options.fact.system} options at ${at(options.fact.location)} (a client made with ClientProxyFactory.create from options not spelled out there)` };
    }
    // A registration that takes its name as a parameter (a shared module's `register({ name })`).
    const unnamed = distinct(clients.filter((t) => t.fact.system && this.tokenText(t) === undefined));
    if (unnamed.length === 1) return { system: unnamed[0]!.fact.system!, resolution: `client registered at ${at(unnamed[0]!.fact.location)}` };
    // `@Client(config.microservicesConfiguration)`: the transport the options' module writes (`Transport.REDIS`).
    const written = transport ? /^\{?Transport\.(\w+)\}?$/.exec(this.input.render(file, transport).text)?.[1] : undefined;
    if (written && TRANSPORTS[written]) return { system: TRANSPORTS[written]!, resolution: `@Client options of another module that set Transport.${written}` };
    return { system: "unknown", resolution: `no client registration found for ${name.complete ? name.text : "its injection token"}` };
  }

  /** Each registration's token rendered once, not once per client call that asks. */
  private readonly tokens = new Map<Placed<TransportFact>, string | undefined>();

  private tokenText(t: Placed<TransportFact>): string | undefined {
    if (!t.fact.token) return undefined;
    if (!this.tokens.has(t)) {
      const rendered = this.input.render(t.file, t.fact.token);
      this.tokens.set(t, rendered.complete ? rendered.text : undefined);
    }
    return this.tokens.get(t);
  }

  /** A project module a file of the service asks to register a client named `token` (NestFacts.clientModules): the one transport of that module's file. */
  private registeredByModule(token: string, service: string): Choice | undefined {
    const { facts, fileService, resolver } = this.input;
    for (const f of facts.values()) {
      if (fileService[f.file] !== service || !f.nest.clientModules) continue;
      for (const asked of f.nest.clientModules) {
        const named = this.input.render(f.file, asked.name);
        if (!named.complete || named.text !== token) continue;
        const target = resolver.resolve(f.file, asked.specifier);
        const defined = target ? (resolveExport(facts, resolver, target, asked.imported)?.file ?? target) : undefined;
        const systems = distinct(this.clients.filter((t) => t.file === defined && t.fact.system));
        if (systems.length === 1) return { system: systems[0]!.fact.system!, resolution: `client ${token} registered by ${asked.imported === "default" ? "the module" : asked.imported} at ${at(asked.location)} (${systems[0]!.fact.system} options at ${at(systems[0]!.fact.location)})` };
      }
    }
    return undefined;
  }

  private onlyOption(service: string, shared: boolean): Placed<TransportFact> | undefined {
    const options = this.transports.filter((t) => t.fact.kind === "options" && t.fact.system);
    const own = options.filter((t) => t.service === service);
    for (const scope of shared ? [own, options.filter((t) => t.service === undefined), options] : [own]) {
      const systems = distinct(scope);
      if (systems.length === 1) return systems[0];
      if (systems.length > 1) return undefined;
    }
    return undefined;
  }
}

/** One per system, the first found. */
function distinct(list: readonly Placed<TransportFact>[]): Placed<TransportFact>[] {
  const seen = new Map<string | undefined, Placed<TransportFact>>();
  for (const t of list) if (!seen.has(t.fact.system)) seen.set(t.fact.system, t);
  return [...seen.values()];
}

/**
 * The Nest client class a class of the project extends (`class KafkaService extends ClientKafka`), directly or through
 * other classes of the project: its transport, with where the class is declared. Undefined for any other class.
 */
function nestClientBase(input: TopicsInput, file: string, written: { specifier: string; name: string } | { local: string }): { system: MessagingSystem; className: string; base: string; file: string } | undefined {
  let at = file;
  let cls = written;
  for (let depth = 0; depth < 4; depth++) {
    let declaredIn = at;
    let className: string;
    if ("local" in cls) className = cls.local;
    else {
      const target = input.resolver.resolve(at, cls.specifier);
      const found = target ? resolveExport(input.facts, input.resolver, target, cls.name) : undefined;
      if (!found?.id.startsWith("class:")) return undefined;
      declaredIn = found.file;
      className = found.id.slice("class:".length);
    }
    const base = input.facts.get(declaredIn)?.classBases?.[className];
    if (!base) return undefined;
    if (!("local" in base) && base.specifier === "@nestjs/microservices") {
      const system = nestClientClassSystem(base.name);
      return system ? { system, className, base: base.name, file: declaredIn } : undefined;
    }
    at = declaredIn;
    cls = base;
  }
  return undefined;
}
