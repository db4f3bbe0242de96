import type { FileFacts, HttpCallFact } from "../types.js";
import type { Ctx } from "./context.js";
import { resolveExport } from "./resolve.js";

/**
 * Calls of an RPC client another module exports, read from the calling module's callees: `eliza.say(request)` where
 * `eliza` is imported and its module exports `createClient(ElizaService, transport)` (extract/connect-rpc.ts), or
 * `orders.getOrder(args)` on a ts-rest `initClient` (extract/ts-rest.ts). Such a call names no HTTP verb and no URL, and
 * the calling module need not import the library, so only the exporting module says it is a request: each becomes a
 * call through that instance (HttpCallFact.instance), its base prepended as for any imported client (model/calls.ts).
 */

const METHOD_CLIENTS = new Set(["connect", "ts-rest"]);

export function rpcCalleeCalls(ctx: Ctx, f: FileFacts): HttpCallFact[] {
  let out: HttpCallFact[] | undefined;
  let imports: Map<string, FileFacts["imports"][number]> | undefined;
  const seen = new Map<string, string | undefined>();
  for (const callee of f.callees) {
    const object = callee.object;
    if (!object || object === "this" || object.includes(".")) continue;
    imports ??= new Map(f.imports.map((i) => [i.local, i]));
    const imported = imports.get(object);
    if (!imported || imported.imported === "*") continue;
    let kind = seen.get(object);
    if (!seen.has(object)) {
      const target = ctx.resolver.resolve(f.file, imported.specifier);
      const exported = target ? resolveExport(ctx.facts, ctx.resolver, target, imported.imported) : undefined;
      const client = exported ? ctx.facts.get(exported.file)?.clients[exported.id] : undefined;
      kind = client && METHOD_CLIENTS.has(client.client) ? client.client : undefined;
      seen.set(object, kind);
    }
    if (!kind) continue;
    (out ??= []).push({
      client: kind as HttpCallFact["client"],
      method: kind === "connect" ? "POST" : "ALL",
      url: kind === "connect" ? { parts: [{ kind: "text", text: `/${callee.name}` }] } : { parts: [{ kind: "unknown", hint: `the contract's route ${callee.name}` }] },
      ...(callee.from ? { inFunction: callee.from } : {}),
      awaited: callee.awaited,
      parallel: callee.parallel,
      instance: { specifier: imported.specifier, name: imported.imported },
      ...(callee.arms ? { arms: callee.arms } : {}),
      location: callee.location,
    });
  }
  return out ?? [];
}
