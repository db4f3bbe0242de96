import type { CalleeFact, FileFacts, FlowArg, Location, ModelTopic, Value } from "../types.js";
import { publishTemplates, templatesAtCall, type PublishTemplate } from "./call-site-topics.js";

/**
 * A publisher class told its topic when it is made: `new EventPublisher("order-placed")`, whose `publish(data)` sends to
 * `this.topic` (a parameter property, or `this.topic = topic` in the constructor). The class's own publish names only
 * the constructor's parameter; each call of the method on an instance made with a topic (a local or module `const`, an
 * instance another module exports, or `new EventPublisher("refund-made").publish(data)` at once) publishes that topic,
 * in the caller's function, at the call, as a helper's call site does (argument-topics.ts). Events only.
 */

export interface InstanceTopicsInput {
  facts: ReadonlyMap<string, FileFacts>;
  fileService: Readonly<Record<string, string>>;
  /** The global id of the function a callee fact of `file` reaches, if any. */
  resolveCallee: (file: string, callee: CalleeFact) => string | undefined;
  resolveModule: (file: string, specifier: string) => string | undefined;
  locationKey: (location: Location) => string;
  render: (file: string, value: Value) => { text: string; complete: boolean };
}

export function buildInstanceTopics(input: InstanceTopicsInput, topics: readonly ModelTopic[]): ModelTopic[] {
  const templates = methodTemplates(input, topics);
  if (!templates.size) return [];
  const out: ModelTopic[] = [];
  for (const f of input.facts.values()) {
    for (const callee of f.callees) {
      if (!callee.object || callee.object.includes(".") || callee.object === "this" || !callee.from) continue;
      const receiver = receiverOf(input, f, callee);
      if (!receiver) continue;
      const to = input.resolveCallee(f.file, callee);
      const made = !to && receiver.file !== f.file ? madeClassMethod(input, templates, receiver.file, callee.name) : undefined;
      const found = to ? templates.get(to) : made ? templates.get(made) : undefined;
      if (!found) continue;
      const resolution = `the instance ${callee.object}.${callee.name}() is called on was made with this topic`;
      templatesAtCall(out, found, receiver.file, receiver.args, f.file, input.fileService[f.file], callee, input.render, input.locationKey, resolution);
    }
  }
  return out;
}

/** Publishes in a method `fn:C.m` whose topic reads only `fn:C.constructor`'s parameters, by the method's global id. */
function methodTemplates(input: InstanceTopicsInput, topics: readonly ModelTopic[]): Map<string, PublishTemplate[]> {
  return publishTemplates(input.facts.values(), topics, input.locationKey, (f, fact, fn) => {
    const className = fn.endsWith(".constructor") ? fn.slice("fn:".length, -".constructor".length) : undefined;
    return className && fact.inFunction.startsWith(`fn:${className}.`) ? `${f.file}#${fact.inFunction}` : undefined;
  });
}

/** What the instance was made with: a `new` in scope (the callee says), or an instance another module exports. */
function receiverOf(input: InstanceTopicsInput, f: FileFacts, callee: CalleeFact): { file: string; args: readonly (FlowArg | null)[] } | undefined {
  if (callee.receiverArgs) return { file: f.file, args: callee.receiverArgs };
  const imported = f.imports.find((i) => i.local === callee.object);
  const target = imported && imported.imported !== "*" ? input.resolveModule(f.file, imported.specifier) : undefined;
  const args = target ? input.facts.get(target)?.instances?.[imported!.imported] : undefined;
  return args ? { file: target!, args } : undefined;
}

/**
 * `shipped.publish(order)` on `export const shipped = new EventPublisher("order-shipped")` of another module: the method
 * of a publisher class that module declares or imports (the instance's own class is not recorded, so the one class
 * there with such a templated method stands for it).
 */
function madeClassMethod(input: InstanceTopicsInput, templates: ReadonlyMap<string, PublishTemplate[]>, file: string, method: string): string | undefined {
  const own = [...templates.keys()].filter((id) => id.startsWith(`${file}#fn:`) && id.endsWith(`.${method}`));
  const imported = (input.facts.get(file)?.imports ?? []).flatMap((i) => {
    const target = /^[A-Z]/.test(i.local) && i.imported !== "*" ? input.resolveModule(file, i.specifier) : undefined;
    const id = target ? `${target}#fn:${i.imported === "default" ? i.local : i.imported}.${method}` : undefined;
    return id && templates.has(id) ? [id] : [];
  });
  const candidates = [...new Set([...own, ...imported])];
  return candidates.length === 1 ? candidates[0] : undefined;
}
