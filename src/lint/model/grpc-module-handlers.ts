import type { FileFacts, TopicFact } from "../types.js";
import type { ModuleResolver } from "./resolve.js";
import { capitalize } from "../extract/grpc-js.js";

/**
 * `server.addService(proto.AuthService.service, require("./implementations"))` with `module.exports = { authenticate,
 * register }` there (or `export async function authenticate(call, callback)`): the module's exported functions are
 * the service's handlers, each the rpc of its name (`AuthService/Authenticate`), as grpc-js calls them. The extractor
 * (extract/grpc-js.ts) records the module the service was handed (TopicFact.implementedBy) and a topic `Service/*`;
 * here each exported function becomes the handler of its rpc, so the calls it makes are made while handling a request.
 * A module whose exports are not read (nothing exported, another shape) keeps the one `Service/*` topic.
 */
export function withModuleHandlers(
  facts: ReadonlyMap<string, FileFacts>,
  resolver: ModuleResolver,
  file: string,
  topics: readonly TopicFact[],
): { fact: TopicFact; handler?: string }[] {
  const out: { fact: TopicFact; handler?: string }[] = [];
  for (const fact of topics) {
    const handlers = fact.implementedBy ? exportedHandlers(facts, resolver, file, fact.implementedBy) : [];
    if (!handlers.length) {
      out.push({ fact });
      continue;
    }
    const service = fact.topic.parts.length === 1 && fact.topic.parts[0]!.kind === "text" ? fact.topic.parts[0]!.text.replace(/\/\*$/, "") : undefined;
    if (!service) {
      out.push({ fact });
      continue;
    }
    for (const { name, handler } of handlers) out.push({ fact: { ...fact, topic: { parts: [{ kind: "text", text: `${service}/${capitalize(name)}` }] } }, handler });
  }
  return out;
}

/** The functions a module exports by name, with their global ids: all of them for the module itself ("default", "*"). */
function exportedHandlers(facts: ReadonlyMap<string, FileFacts>, resolver: ModuleResolver, file: string, ref: { specifier: string; name: string }): { name: string; handler: string }[] {
  if (ref.name !== "default" && ref.name !== "*") return [];
  const target = resolver.resolve(file, ref.specifier);
  const exports = target ? facts.get(target)?.exports : undefined;
  if (!exports) return [];
  const out: { name: string; handler: string }[] = [];
  for (const [name, id] of Object.entries(exports)) {
    // The module object itself (`default`), and what is no function (a constant, a class), implement no rpc.
    if (name === "default" || !/^fn[:@]/.test(id)) continue;
    out.push({ name, handler: `${target}#${id}` });
  }
  return out;
}
