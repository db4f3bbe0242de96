import type { LiteralHost, Value } from "../types.js";
import type { Ctx } from "./context.js";
import { CONFIG_SPECIFIER } from "../extract/context.js";
import { lookupConstant, NODE_CONFIG_MODULE, redact } from "./values.js";

/**
 * Where the host of an address comes from: written in the code, the fallback of an env lookup, or the
 * environment or configuration. The value is rendered as the code alone says it, with no env set (an env
 * lookup with a fallback takes the fallback, one without is unknown), each piece remembering where its text
 * was written; the host is literal when every character of it was written in code (a source file, not a
 * config/*.json or YAML file).
 */

type Origin = "code" | "fallback" | "config" | "unknown";

interface Piece {
  text: string;
  origin: Origin;
  /** The file the text is written in. */
  file: string;
  /** The env variable (or the parameter, `options.base`) whose fallback this piece is. */
  env?: string;
}

/** Files whose strings are configuration, not code: node-config's config/*.json, YAML settings. */
const CONFIG_FILE = /\.(json|json5|ya?ml|toml|ini|env)$/i;

function pieces(ctx: Ctx, file: string, value: Value, fallbackOf: string | undefined, depth: number, out: Piece[], configured = false): void {
  for (const part of value.parts) {
    if (part.kind === "text") {
      const origin: Origin = configured || CONFIG_FILE.test(file) ? "config" : fallbackOf ? "fallback" : "code";
      out.push({ text: part.text, origin, file, ...(fallbackOf ? { env: fallbackOf } : {}) });
    } else if (part.kind === "env") {
      if (part.fallback && depth < 8) pieces(ctx, file, part.fallback, fallbackOf ?? part.name, depth + 1, out, configured);
      else out.push({ text: `\${${part.name}}`, origin: "unknown", file });
    } else if (part.kind === "import") {
      const constant = depth < 8 ? lookupConstant(ctx, file, part.specifier, part.name) : undefined;
      // A key node-config reads from its settings module (config/default.ts, config/production.js): configuration the
      // deployment overrides (config/production.*, custom-environment-variables.json), as its JSON files are.
      if (constant) pieces(ctx, constant.file, constant.value, fallbackOf, depth + 1, out, configured || (part.specifier === CONFIG_SPECIFIER && NODE_CONFIG_MODULE.test(constant.file)));
      else out.push({ text: `{${part.name}}`, origin: "unknown", file });
    } else if (part.fallback && depth < 8) {
      // options.base ?? "http://…": a literal the caller's value replaces, a fallback as an env lookup's is.
      pieces(ctx, file, part.fallback, fallbackOf ?? part.hint, depth + 1, out, configured);
    } else out.push({ text: `{${part.hint}}`, origin: "unknown", file });
  }
}

/** `scheme://[user[:password]@]host[:port]...`, or with no scheme `host:port` (a gRPC target); the first host of a list. */
function hostSpan(text: string, bare: boolean): [number, number] | undefined {
  let start = 0;
  // gRPC's `dns:///orders:50051` and `dns://8.8.8.8/orders:50051` before any scheme: the authority is the DNS server, not the host.
  const dns = /^dns:(\/\/[^/]*\/)?/i.exec(text);
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text);
  if (dns) start = dns[0].length;
  else if (scheme) start = scheme[0].length;
  else if (!bare && !/^[^/:?#\s]+:\d/.test(text)) return undefined;
  const authorityEnd = text.slice(start).search(/[/?#]/);
  const authority = authorityEnd < 0 ? text.slice(start) : text.slice(start, start + authorityEnd);
  const at = authority.lastIndexOf("@");
  if (at >= 0) start += at + 1;
  const rest = text.slice(start);
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    return close > 0 ? [start, start + close + 1] : undefined;
  }
  const end = rest.search(/[:/?#,\s]/);
  let length = end < 0 ? rest.length : end;
  // `https://task-worker-7m56.onrender.com${route}`: a whole domain name, then a path a value gives.
  const brace = rest.slice(0, length).indexOf("{");
  if (brace > 0 && /\.[a-z]{2,}$/i.test(rest.slice(0, brace))) length = brace;
  return length ? [start, start + length] : undefined;
}

/**
 * The host of `value` when the code itself writes it (or, with origin "fallback", writes it as the default
 * of an env lookup). `bare`: the value is a host on its own (a connection's `host` option). `file`: where the value
 * is written; `usedIn`: the file of the call or connection that uses it.
 */
export function literalHostOf(ctx: Ctx, file: string, value: Value | undefined, bare = false, usedIn = file): LiteralHost | undefined {
  if (!value) return undefined;
  const list: Piece[] = [];
  pieces(ctx, file, value, undefined, 0, list);
  const text = list.map((piece) => piece.text).join("");
  const span = hostSpan(text, bare);
  if (!span) return undefined;
  const [from, to] = span;
  const host = text.slice(from, to);
  let offset = 0;
  let fallback: string | undefined;
  let writtenIn: string | undefined;
  for (const piece of list) {
    const start = offset;
    offset += piece.text.length;
    if (offset <= from || start >= to) continue;
    if (piece.origin === "config" || piece.origin === "unknown") return undefined;
    if (piece.origin === "fallback") fallback ??= piece.env;
    writtenIn ??= piece.file;
  }
  if (!/^[\w.-]+$|^\[[0-9a-f:.]+\]$/i.test(host)) return undefined;
  return { host, url: redact(text), origin: fallback ? "fallback" : "code", ...(fallback ? { env: fallback } : {}), ...(writtenIn && writtenIn !== usedIn ? { writtenIn } : {}) };
}
