import type { CalleeFact, FileFacts, FlowArg, Location, ModelTopic, Value } from "../types.js";
import type { ModuleResolver } from "./resolve.js";
import { resolveExport } from "./resolve.js";
import { publishTemplates, templatesAtCall, type PublishTemplate } from "./call-site-topics.js";

/**
 * A publisher factory: `makePublisher({ eventName })` returns a function that publishes to `${eventName}_EVENTS`; a
 * start-up function stores what it returns in a module variable (`orderCreated = await makePublisher(params)`, or
 * `const orderCreated = makePublisher(params)` at the top), and the handlers, importing that variable, call it. The
 * factory's own publish names only the factory's parameters and runs in the function it returns, so no handler's call
 * reaches it: each call of the variable is that publish, with the topic the factory was given where the variable was
 * set, in the caller's function, at the call (as a reader reads it). Events only, as for argument-topics.ts.
 */

export interface FactoryTopicsInput {
  facts: ReadonlyMap<string, FileFacts>;
  fileService: Readonly<Record<string, string>>;
  resolver: ModuleResolver;
  /** The global id of the function a callee fact of `file` reaches, if any. */
  resolveCallee: (file: string, callee: Pick<CalleeFact, "object" | "name" | "local">) => string | undefined;
  locationKey: (location: Location) => string;
  /** A value as the file's service sees it, with its completeness. */
  render: (file: string, value: Value) => { text: string; complete: boolean };
}

/** A module variable holding a publisher a factory made, with what the factory was given. */
interface Publisher {
  file: string;
  name: string;
  factory: string;
  args: readonly (FlowArg | null)[];
  templates: PublishTemplate[];
  location: Location;
}

export function buildFactoryTopics(input: FactoryTopicsInput, topics: readonly ModelTopic[], unnamed?: { service: string; location: Location; message: string }[]): ModelTopic[] {
  const templates = factoryTemplates(input, topics);
  if (!templates.size) return [];
  const publishers = new Map<string, Publisher>();
  const followed = new Set<string>();
  for (const f of input.facts.values()) {
    for (const made of f.moduleResults ?? []) {
      const to = input.resolveCallee(f.file, { name: made.callee, ...(made.object !== undefined ? { object: made.object } : {}) });
      const found = to ? templates.get(to) : undefined;
      if (!found) continue;
      publishers.set(`${f.file}|${made.name}`, { file: f.file, name: made.name, factory: made.callee, args: made.args, templates: found, location: made.location });
      followed.add(to!);
    }
  }
  if (unnamed) unfollowed(input, templates, followed, unnamed);
  if (!publishers.size) return [];
  const names = new Set([...publishers.values()].map((p) => p.name));
  const out: ModelTopic[] = [];
  for (const f of input.facts.values()) {
    let byName: Map<string, Publisher | undefined> | undefined;
    for (const callee of f.callees) {
      if (callee.local || !callee.from || !names.has(callee.name)) continue;
      byName ??= new Map();
      const key = callee.object === undefined ? callee.name : `${callee.object}.${callee.name}`;
      if (!byName.has(key)) byName.set(key, publisherCalled(input, publishers, f, callee));
      const publisher = byName.get(key);
      if (!publisher) continue;
      const resolution = `${publisher.name} holds the publisher ${publisher.factory}() returns, made at ${publisher.file}:${publisher.location.line}`;
      templatesAtCall(out, publisher.templates, publisher.file, publisher.args, f.file, input.fileService[f.file], callee, input.render, input.locationKey, resolution);
    }
  }
  return out;
}

/**
 * The publishes made of a function's parameters in a function it makes and does not run at once (the publisher it
 * returns), by the factory's global id. Those run at once (a promise's executor, a function it awaits) are the
 * factory's own publishes, which argument-topics.ts names at its callers.
 */
function factoryTemplates(input: FactoryTopicsInput, topics: readonly ModelTopic[]): Map<string, PublishTemplate[]> {
  return publishTemplates(input.facts.values(), topics, input.locationKey, (f, fact, fn) => {
    // A class's constructor parameter read by its method (`this.topic`) is a publisher class's (instance-topics.ts).
    if (fn === fact.inFunction || fn.endsWith(".constructor")) return undefined;
    if (f.callees.some((callee) => callee.from === fn && callee.local === fact.inFunction && (callee.awaited || callee.executor))) return undefined;
    return `${f.file}#${fn}`;
  });
}

/**
 * A library's factory whose publisher no module variable was found to hold (kept in a class's field, handed around,
 * made in a handler): its publishes reach no handler, so each service that uses the library is told that what it sends
 * there, and the dual writes around it, are not checked. One per publish and service.
 */
function unfollowed(input: FactoryTopicsInput, templates: ReadonlyMap<string, PublishTemplate[]>, followed: ReadonlySet<string>, out: { service: string; location: Location; message: string }[]): void {
  const seen = new Set<string>();
  for (const [factory, list] of templates) {
    // A library's, as topics.ts says of a library's topics it cannot name (a service's own stays in its model, unnamed).
    if (followed.has(factory) || input.fileService[factory.slice(0, factory.indexOf("#"))] !== undefined) continue;
    for (const template of list) {
      for (const topic of template.topics) {
        const where = input.locationKey(topic.location);
        if (seen.has(`${topic.service}|${where}`)) continue;
        seen.add(`${topic.service}|${where}`);
        out.push({
          service: topic.service,
          location: topic.location,
          message: `the publish at ${where} (a library ${topic.service} uses) names its topic ${topic.topic} from values its own code does not fix (a parameter of a function that returns the sender, an options object, a setting read at run time), so no topic of ${topic.service} comes from it: what it sends there, and the dual writes around it, are not checked`,
        });
      }
    }
  }
}

/** The publisher variable a call names: one of the file's own, or one it imports (by name, or as a namespace's member). */
function publisherCalled(input: FactoryTopicsInput, publishers: ReadonlyMap<string, Publisher>, f: FileFacts, callee: CalleeFact): Publisher | undefined {
  if (callee.object === undefined) {
    const own = publishers.get(`${f.file}|${callee.name}`);
    if (own) return own;
  }
  const binding = f.imports.find((i) => (callee.object === undefined ? i.local === callee.name && i.imported !== "*" : i.local === callee.object && i.imported === "*"));
  if (!binding) return undefined;
  const target = input.resolver.resolve(f.file, binding.specifier);
  const exported = target ? resolveExport(input.facts, input.resolver, target, binding.imported === "*" ? callee.name : binding.imported) : undefined;
  if (!exported?.id.startsWith("const:")) return undefined;
  return publishers.get(`${exported.file}|${exported.id.slice("const:".length)}`);
}
