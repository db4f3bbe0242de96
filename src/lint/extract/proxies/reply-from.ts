import { ts } from "../../ts.js";
import type { ProxyFact, Value } from "../../types.js";
import type { Extractor } from "../extractor.js";
import type { ExtractContext } from "../context.js";
import { propertyNamed, unknownValue } from "../context.js";
import { objectOf, pushProxyCall } from "./common.js";

/**
 * @fastify/reply-from: `reply.from(source?)` inside a route's handler forwards the request to `source`, relative to the
 * `base` the plugin was registered with (`app.register(replyFrom, { base: process.env.ORDERS_URL })`). With no source,
 * or the request's own URL, the path is forwarded as it came. The base is the one registered in the same function as
 * the handler (or around it), else the file's only one.
 */

const MODULES = ["@fastify/reply-from", "fastify-reply-from"];

interface Base {
  value: Value;
  /** The function the plugin is registered in (undefined at module level). */
  in: string | undefined;
}

interface Forward {
  node: ts.CallExpression;
  source: ts.Expression | undefined;
  inFunction: string | undefined;
  /** The functions around the call, innermost first. */
  around: string[];
}

const states = new WeakMap<ExtractContext, { bases: Base[]; forwards: Forward[] }>();

/** What a handler's reply is usually called, when it is not a parameter of the function around the call. */
const REPLY_NAMES = /^(reply|rep|res|response)$/;

/** Objects with a `from` of their own that is no proxy. */
const NOT_REPLIES = new Set(["Array", "Buffer", "Uint8Array", "Object", "Promise", "Observable", "Readable", "Stream", "Iterator"]);

export const replyFrom: Extractor = {
  family: "@fastify/reply-from",
  modules: MODULES,
  callProperties: ["register", "from"],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    let state = states.get(ctx);
    if (!state) states.set(ctx, (state = { bases: [], forwards: [] }));
    if (callee.name.text === "register") {
      const [plugin, optionsArg] = node.arguments;
      if (!plugin || !ctx.isImportFrom(plugin, MODULES)) return;
      const options = objectOf(optionsArg, ctx);
      const base = options && propertyNamed(options, "base");
      if (base) state.bases.push({ value: ctx.value(base), in: ctx.currentFunction() });
      return;
    }
    // The reply a handler is given (`reply.from()`, `res.from()`), not `Readable.from(items)` or `Array.from(set)`.
    const receiver = callee.expression;
    if (!ts.isIdentifier(receiver) || NOT_REPLIES.has(receiver.text)) return;
    if (!ctx.paramFrame(receiver.text) && !REPLY_NAMES.test(receiver.text)) return;
    const around = ctx.frames.map((frame) => frame.id).filter((id): id is string => id !== undefined).reverse();
    state.forwards.push({ node, source: node.arguments[0], inFunction: ctx.currentFunction(), around });
  },
  fileEnd(ctx) {
    const state = states.get(ctx);
    if (!state) return;
    for (const forward of state.forwards) {
      const { upstream, proxy } = target(forward, state.bases, ctx);
      pushProxyCall(ctx, forward.node, upstream, proxy, forward.inFunction);
    }
  },
};

function target(forward: Forward, bases: readonly Base[], ctx: ExtractContext): { upstream: Value; proxy: ProxyFact } {
  const library = "@fastify/reply-from" as const;
  const source = forward.source;
  if (source && !isRequestUrl(source)) {
    const value = ctx.value(source);
    const first = value.parts[0];
    // A URL of its own (`reply.from(\`${ORDERS_URL}/v1/orders\`)`): the path it names is the one forwarded.
    const absolute = (first?.kind === "text" && /^[a-z][a-z0-9+.-]*:\/\//i.test(first.text)) || first?.kind === "env" || (first?.kind === "unknown" && first.ref !== undefined);
    if (absolute) return { upstream: value, proxy: { library, rewrite: [{ from: "^.*$", to: "" }] } };
    if (first?.kind === "text" && first.text.startsWith("/")) {
      const base = baseFor(forward, bases);
      const path = value.parts.map((p) => (p.kind === "text" ? p.text : "{?}")).join("");
      return base ? { upstream: base.value, proxy: { library, rewrite: [{ from: "^.*$", to: path }] } } : { upstream: unknownValue("base"), proxy: { library, upstreamUnknown: "no base is registered for reply-from in this file" } };
    }
    return { upstream: unknownValue(ctx.text(source).slice(0, 40)), proxy: { library, upstreamUnknown: `it forwards to ${ctx.text(source).slice(0, 40)}, which did not resolve` } };
  }
  const base = baseFor(forward, bases);
  if (base) return { upstream: base.value, proxy: { library } };
  return {
    upstream: unknownValue("base"),
    proxy: { library, upstreamUnknown: bases.length ? "several bases are registered for reply-from in this file and none around this call" : "no base is registered for reply-from in this file" },
  };
}

/** The base registered in the innermost function around the call, else the file's only one. */
function baseFor(forward: Forward, bases: readonly Base[]): Base | undefined {
  for (const fn of forward.around) {
    const found = bases.filter((base) => base.in === fn);
    if (found.length === 1) return found[0];
  }
  return bases.length === 1 ? bases[0] : undefined;
}

/** `request.url`, `req.raw.url`, `req.originalUrl`: the path the request came with. */
function isRequestUrl(expr: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(expr) && /^(url|originalUrl)$/.test(expr.name.text);
}
