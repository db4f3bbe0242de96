import { ts } from "../../ts.js";
import type { ProxyFact, Value } from "../../types.js";
import type { ExtractContext } from "../context.js";
import { normalize, propertyNamed, staticText, unknownValue, withoutAssertions } from "../context.js";

/**
 * hapi's h2o2: a route whose handler is `{ proxy: { … } }` forwards the request. `uri` is asked for as written (h2o2
 * puts nothing of the served path in it, unless the uri's `{path}` says where); `host`/`port`/`protocol` forward the
 * served path as it came; `mapUri` picks the upstream per request (said, not guessed). hapi.ts calls this for each
 * route object, so it costs nothing in files without hapi routes.
 */

export interface H2o2Proxy {
  /** The `proxy: { … }` object: where the forward is reported. */
  node: ts.ObjectLiteralExpression;
  upstream: Value;
  proxy: ProxyFact;
}

/** The h2o2 proxy a route's handler is, if it is one. `servedPath` is the route's own path. */
export function h2o2Proxy(handler: ts.Expression | undefined, servedPath: string, ctx: ExtractContext): H2o2Proxy | undefined {
  const object = handler && withoutAssertions(handler);
  if (!object) return undefined;
  const viaToolkit = ts.isObjectLiteralExpression(object) ? undefined : toolkitProxy(object);
  const inner = ts.isObjectLiteralExpression(object) ? propertyNamed(object, "proxy") : viaToolkit?.options;
  const options = inner && withoutAssertions(inner);
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  const uri = propertyNamed(options, "uri");
  // `const uri = \`http://products:3002/${…}\`; return h.proxy({ uri })`: the handler's const, out of the walker's scope here.
  const local = uri && ts.isIdentifier(uri) ? viaToolkit?.consts.get(uri.text) : undefined;
  if (uri) return fromUri(options, ctx.value(local ?? uri), servedPath);
  const host = propertyNamed(options, "host");
  if (host) {
    const protocol = propertyNamed(options, "protocol");
    const port = propertyNamed(options, "port");
    const scheme = (protocol ? staticText(ctx.value(protocol)) : undefined)?.replace(/:$/, "") ?? "http";
    const parts: Value["parts"] = [{ kind: "text", text: `${scheme}://` }, ...ctx.value(host).parts];
    if (port) parts.push({ kind: "text", text: ":" }, ...ctx.value(port).parts);
    return { node: options, upstream: normalize(parts), proxy: { library: "h2o2" } };
  }
  const why = propertyNamed(options, "mapUri") ? "a mapUri function picks it per request" : "it has no uri or host";
  return { node: options, upstream: unknownValue("h2o2"), proxy: { library: "h2o2", upstreamUnknown: why } };
}

/**
 * A handler function that forwards through the toolkit h2o2 decorates, `(request, h) => h.proxy({ host, port })`
 * (`reply.proxy(...)` before hapi 17): the options object of the first such call on its second parameter, and the
 * consts the handler declares before it (what `{ uri }` names).
 */
function toolkitProxy(handler: ts.Expression): { options: ts.Expression | undefined; consts: Map<string, ts.Expression> } | undefined {
  if (!(ts.isArrowFunction(handler) || ts.isFunctionExpression(handler))) return undefined;
  const toolkit = handler.parameters[1]?.name;
  if (!toolkit || !ts.isIdentifier(toolkit)) return undefined;
  let options: ts.Expression | undefined;
  const consts = new Map<string, ts.Expression>();
  const visit = (node: ts.Node): void => {
    if (options || ts.isFunctionLike(node)) return;
    if (ts.isVariableDeclarationList(node) && node.flags & ts.NodeFlags.Const) {
      for (const declaration of node.declarations) if (ts.isIdentifier(declaration.name) && declaration.initializer) consts.set(declaration.name.text, declaration.initializer);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "proxy" && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === toolkit.text) {
      options = node.arguments[0];
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(handler.body);
  return { options, consts };
}

/**
 * `uri: "http://auth:1300/v1/login"`: the origin is the upstream, and the served path is replaced by the uri's own path
 * (all of it stripped, the uri's path put in front). `uri: "http://books:1300/{path}"` forwards the served path; other
 * templates (`{query}`, `{param}`) make the forwarded path unknown.
 */
function fromUri(node: ts.ObjectLiteralExpression, value: Value, servedPath: string): H2o2Proxy {
  const [origin, path] = splitOrigin(value);
  const proxy: ProxyFact = { library: "h2o2" };
  if (/^\/?\{path\}$/.test(path)) return { node, upstream: origin, proxy };
  if (path.includes("{")) return { node, upstream: origin, proxy: { ...proxy, pathUnknown: `its uri is a template (${path}) filled per request` } };
  return { node, upstream: origin, proxy: { ...proxy, strip: servedPath, prefix: path || "/" } };
}

/** A URL value split into its origin (scheme, host, port, or the env var or import that stands for them) and its path. */
function splitOrigin(value: Value): [Value, string] {
  const text = staticText(value);
  if (text !== undefined) {
    const match = /^([a-z]+:\/\/[^/]+)(\/.*)?$/i.exec(text);
    return match ? [normalize([{ kind: "text", text: match[1]! }]), match[2] ?? ""] : [value, ""];
  }
  // `${process.env.BOOKS_URL}/v1/books`: what comes after the last non-text part is the path, when it starts with one.
  const parts = value.parts;
  let last = parts.length - 1;
  while (last >= 0 && parts[last]!.kind === "text") last--;
  const tail = parts.slice(last + 1).map((part) => (part.kind === "text" ? part.text : "")).join("");
  const slash = tail.indexOf("/");
  if (last < 0 || slash < 0) return [value, ""];
  const head = tail.slice(0, slash);
  return [normalize([...parts.slice(0, last + 1), ...(head ? [{ kind: "text" as const, text: head }] : [])]), tail.slice(slash)];
}
