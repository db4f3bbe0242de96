import { builtinModules } from "node:module";

/**
 * The packages a package's entry file loads, for a package.json that declares no dependency at all (a gateway whose
 * `index.js` requires express while its package.json lists nothing, the modules installed by hand or at the top):
 * what it runs is then said by its code, not by its manifest. Read by text, without parsing: `require("x")`,
 * `import … from "x"`, `import "x"`; relative paths and Node's own modules left out; `@scope/name/sub` → `@scope/name`.
 */
const LOADED = /\brequire\(\s*["']([^"'.\/][^"']*)["']\s*\)|\bfrom\s+["']([^"'.\/][^"']*)["']|\bimport\s+["']([^"'.\/][^"']*)["']/g;
const BUILTINS = new Set(builtinModules);
/** Past this size the file is not an app's entry (a bundle, data): nothing is read from it. */
const MAX_ENTRY_CHARS = 200_000;

export function entryImports(text: string): string[] {
  if (text.length > MAX_ENTRY_CHARS) return [];
  const out = new Set<string>();
  for (const match of text.matchAll(LOADED)) {
    const specifier = match[1] ?? match[2] ?? match[3]!;
    if (specifier.startsWith("node:") || BUILTINS.has(specifier.split("/")[0]!)) continue;
    const parts = specifier.split("/");
    out.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!);
  }
  return [...out].sort();
}

/**
 * The marker a package gets in its dependencies when its entry file starts a server of Node's own: no module can be
 * imported by this name, so code that merely imports `node:http` is never taken for it.
 */
export const BUILTIN_SERVER = "(node:http server)";

const BUILTIN_HTTP = /\brequire\(\s*["'](?:node:)?(?:http|https|http2)["']\s*\)|\bfrom\s+["'](?:node:)?(?:http|https|http2)["']/;

/**
 * Whether an entry file starts a server of Node's own: it loads `http`, `https` or `http2` (bare or `node:`), makes a
 * server and listens (a payment service on `http.createServer()` with a table of `${method}${url}` handlers). Read by
 * text, as the imports are.
 */
export function startsBuiltinServer(text: string): boolean {
  return text.length <= MAX_ENTRY_CHARS && BUILTIN_HTTP.test(text) && /\bcreate(Secure)?Server\s*\(/.test(text) && /\.listen\s*\(/.test(text);
}
