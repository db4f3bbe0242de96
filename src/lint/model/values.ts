import type { FileFacts, Value } from "../types.js";
import type { Ctx } from "./context.js";
import { resolveExport } from "./resolve.js";
import { CONFIG_SPECIFIER } from "../extract/context.js";

/**
 * Renders a symbolic value (text, env vars with fallbacks, imported constants)
 * to text with one service's env, noting how each piece was resolved.
 */

export interface Rendered {
  text: string;
  /** Every piece resolved to text. */
  complete: boolean;
  /** Env vars that had no value (first one first). */
  missingEnv: string[];
  /** How env vars were resolved, for evidence. */
  notes: string[];
  /** Every env var the value reads, resolved or not. */
  envNames: string[];
}

/** Hides the password of `scheme://user:password@host` so reports never carry credentials. */
export function redact(text: string): string {
  return text.replace(/(\/\/[^:/@\s]*:)[^@/\s]+@/g, "$1***@");
}

/** The arguments of an imported URL function's call, rendered in the caller's file: they fill the function's parameters. */
interface Arguments {
  file: string;
  values: readonly Value[];
}

export function renderValue(ctx: Ctx, file: string, value: Value, env: Record<string, string>, depth = 0, args?: Arguments): Rendered {
  const out: Rendered = { text: "", complete: true, missingEnv: [], notes: [], envNames: [] };
  for (const part of value.parts) {
    if (part.kind === "unknown" && part.param !== undefined && args?.values[part.param]) {
      // itemsUrl(cartId) of `(id) => \`${BASE}/carts/${id}/items\``: the caller's argument where the parameter was.
      append(out, renderValue(ctx, args.file, args.values[part.param]!, env, depth + 1));
      continue;
    }
    if (part.kind === "text") out.text += part.text;
    else if (part.kind === "env") {
      out.envNames.push(part.name);
      // A value only an example file gives yields to a default the code writes: the example is the last resort.
      const found = part.fallback && ctx.fromExample(part.name, env) ? undefined : env[part.name];
      if (found !== undefined) {
        out.text += found;
        const source = ctx.sourceOf(part.name, env);
        out.notes.push(`${part.name}=${redact(found)}${source ? ` from ${source}` : ""}`);
      } else if (part.fallback) {
        const fallback = renderValue(ctx, file, part.fallback, env, depth + 1);
        append(out, fallback, `${part.name} unset, default ${fallback.text || "\"\""}`);
        // `process.env.MONGODB_URI || ""`: an empty default names nothing, so the variable is as needed as one with none.
        if (!fallback.complete || isEmptyDefault(fallback)) out.missingEnv.unshift(part.name);
      } else {
        out.text += `\${${part.name}}`;
        out.complete = false;
        out.missingEnv.push(part.name);
      }
    } else if (part.kind === "import") {
      const name = part.keyFrom ? configKeyName(ctx, file, part.keyFrom, part.name, env, depth) : part.name;
      // config.get(Config.DATABASE_URL) with `Config.DATABASE_URL = "DATABASE_URL"`: a variable's name, read from the env
      // as `config.get("DATABASE_URL")` is.
      if (part.keyFrom && name !== undefined && !part.name && ENV_NAME.test(name)) {
        append(out, renderValue(ctx, file, { parts: [{ kind: "env", name }] }, env, depth + 1));
        continue;
      }
      const constant = depth < 8 && name !== undefined ? lookupConstant(ctx, file, part.specifier, name, env) : undefined;
      const inner = constant && renderValue(ctx, constant.file, constant.value, env, depth + 1, part.args ? { file, values: part.args } : undefined);
      if (part.fallback && !inner?.complete && depth < 8) {
        // `DB_URL || "mongodb://…"` of an imported `DB_URL = process.env.DB_URL`: unset (or not known), the fallback.
        const fallback = renderValue(ctx, file, part.fallback, env, depth + 1);
        const shown = part.name.startsWith("default.") ? part.name.slice("default.".length) : part.name;
        out.envNames.push(...(inner?.envNames ?? []));
        append(out, fallback, `${shown} ${inner ? "unset" : "not known"}, default ${fallback.text || "\"\""}`);
        if (!fallback.complete || isEmptyDefault(fallback)) out.missingEnv.unshift(...(inner?.missingEnv ?? []));
      } else if (inner) {
        append(out, inner);
      } else {
        out.text += `{${part.shown ?? shownImport(part.name)}}`;
        out.complete = false;
      }
    } else if (part.fallback && depth < 8 && !unknownImport(ctx, file, part.fallback)) {
      // `options.base ?? "http://…"` whose callers were not followed: the fallback, as for an env variable not set.
      const fallback = renderValue(ctx, file, part.fallback, env, depth + 1);
      append(out, fallback, `${part.hint} not followed, default ${fallback.text || "\"\""}`);
    } else {
      out.text += `{${part.hint}}`;
      out.complete = false;
    }
  }
  return out;
}

/**
 * An import's name as the reader wrote it: `require("./helpers").getCustomerId()` is the import `default.getCustomerId()`,
 * a field of an instance of a class that sets no such setting `User.prototype.id` (`User.id`), and what an imported
 * function returns `getConfig.returns.registryUrl` (`getConfig().registryUrl`).
 */
export function shownImport(name: string): string {
  return (name.startsWith("default.") ? name.slice("default.".length) : name).replace(".prototype.", ".").replace(/\.returns(?=\.|$)/, "()");
}

const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * The dotted configuration key of `config.get(NAMESPACES.MONGO).uri`: the imported constant's text (`mongodb`), then the
 * rest of the path (`mongodb.uri`). Undefined when the constant does not resolve to a key.
 */
function configKeyName(ctx: Ctx, file: string, keyFrom: { specifier: string; name: string }, rest: string, env: Record<string, string>, depth: number): string | undefined {
  const constant = depth < 8 ? lookupConstant(ctx, file, keyFrom.specifier, keyFrom.name, env) : undefined;
  const key = constant && renderValue(ctx, constant.file, constant.value, env, depth + 1);
  if (!key?.complete || !/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(key.text)) return undefined;
  return rest ? `${key.text}.${rest}` : key.text;
}

/** A default that renders to nothing at all (`|| ""`, `?? ''`): a placeholder, not an address. */
function isEmptyDefault(fallback: Rendered): boolean {
  return fallback.complete && fallback.text === "" && fallback.missingEnv.length === 0;
}

/** Adds a rendered piece to what is rendered so far, after a note saying where it came from, if any. */
function append(out: Rendered, piece: Rendered, note?: string): void {
  out.text += piece.text;
  out.complete &&= piece.complete;
  out.missingEnv.push(...piece.missingEnv);
  out.envNames.push(...piece.envNames);
  if (note !== undefined) out.notes.push(note);
  out.notes.push(...piece.notes);
}

/** A fallback that is one imported value no module of the scan defines (a typed parameter's class that sets no such field). */
function unknownImport(ctx: Ctx, file: string, value: Value): boolean {
  const only = value.parts.length === 1 ? value.parts[0] : undefined;
  return only?.kind === "import" && only.specifier !== CONFIG_SPECIFIER && lookupConstant(ctx, file, only.specifier, only.name) === undefined;
}

export function lookupConstant(ctx: Ctx, file: string, specifier: string, name: string, env?: Record<string, string>, depth = 0): { file: string; value: Value } | undefined {
  if (specifier === CONFIG_SPECIFIER) return lookupConfig(ctx, file, name, env);
  const target = ctx.resolver.resolve(file, specifier);
  if (!target) return undefined;
  let [head, ...rest] = name.split(".");
  // `userUrl(id)` of `export const userUrl = (id) => ...`: the function's export, its returned value stored as `userUrl()`.
  let exported = resolveExport(ctx.facts, ctx.resolver, target, head!.endsWith("()") ? head!.slice(0, -2) : head!);
  if (!exported && head === "default" && rest.length) {
    // `require("./config").X` of a CommonJS module (`exports.X = ...`): X is an export of its own.
    [head, ...rest] = rest;
    exported = resolveExport(ctx.facts, ctx.resolver, target, head!);
  }
  if (!exported && head !== "default") {
    // `const { PSQL } = config` of `import config from "./config"`: a key of the module's default export (`export default { PSQL }`).
    const whole = resolveExport(ctx.facts, ctx.resolver, target, "default");
    if (whole) {
      exported = whole;
      rest = [head!, ...rest];
      head = "default";
    }
  }
  if (!exported && rest.length) {
    // `UsersProto.USERS_SERVICE_NAME` of `export * as UsersProto from "./users"` (perhaps behind `export *` barrels): the rest in that module.
    const namespace = namespaceReexport(ctx, target, head!, 0);
    if (namespace) return lookupConstant(ctx, namespace.file, namespace.specifier, rest.join("."), env);
  }
  if (!exported) return undefined;
  const local = exported.id.startsWith("const:") ? exported.id.slice("const:".length) : head!;
  const key = [local, ...rest].join(".");
  const constants = ctx.facts.get(exported.file)?.constants;
  const value = constants?.[key];
  if (value) return { file: exported.file, value };
  // `index.config.dev.url` where the module holds another module's export (`const config = require("./config");
  // module.exports = { config }`): the rest of the path in that module.
  for (let i = rest.length - 1; constants && i >= 0 && depth < 8; i--) {
    const held = constants[[local, ...rest.slice(0, i)].join(".")];
    const only = held?.parts.length === 1 ? held.parts[0] : undefined;
    if (only?.kind !== "import" || only.args || only.fallback || only.keyFrom || only.name.endsWith("()")) continue;
    return lookupConstant(ctx, exported.file, only.specifier, [only.name, ...rest.slice(i)].join("."), env, depth + 1);
  }
  return undefined;
}

/** Where `export * as <name> from "<specifier>"` is written, in `file` or a module it re-exports whole. */
function namespaceReexport(ctx: Ctx, file: string, name: string, depth: number): { file: string; specifier: string } | undefined {
  const facts = depth < 8 ? ctx.facts.get(file) : undefined;
  if (!facts) return undefined;
  const own = facts.reexports.find((r) => r.name === name && r.imported === "*");
  if (own) return { file, specifier: own.specifier };
  for (const r of facts.reexports) {
    if (r.name !== "*") continue;
    const target = ctx.resolver.resolve(file, r.specifier);
    const found = target ? namespaceReexport(ctx, target, name, depth + 1) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** A piece of a route path that did not resolve (a parameter, a call result). */
export const UNRESOLVED = "{?}";

/** Per model: the files each service's own files import, by any specifier the resolver follows (relative, a path alias). */
const serviceImports = new WeakMap<Ctx, Map<string, Set<string>>>();

/** Does a file of `service` import `file` (another app's config factory it loads: `import configuration from "apps/members/src/configuration"`)? */
function importedByService(ctx: Ctx, file: string, service: string): boolean {
  let index = serviceImports.get(ctx);
  if (!index) {
    index = new Map();
    for (const facts of ctx.facts.values()) {
      const owner = ctx.fileService[facts.file];
      if (owner === undefined) continue;
      for (const imported of facts.imports) {
        const target = ctx.resolver.resolve(facts.file, imported.specifier);
        if (target === undefined || ctx.fileService[target] === owner) continue;
        const importers = index.get(target) ?? new Set<string>();
        importers.add(owner);
        index.set(target, importers);
      }
    }
    serviceImports.set(ctx, index);
  }
  return index.get(file)?.has(service) ?? false;
}

/** Per model: each configuration leaf (`config:database.host`, `config-env:db`) → the files that define it. */
const configIndex = new WeakMap<Ctx, Map<string, { file: string; value: Value }[]>>();

/** node-config's custom-environment-variables.json: `config-env:<key>` names the env var that overrides the key. */
const CONFIG_ENV_PREFIX = "config-env:";

/** node-config's settings modules, which it loads whole (their exports are the top keys), production's before default's. */
export const NODE_CONFIG_MODULE = /(^|\/)config\/(production|default)\.[cm]?[jt]s$/;

/** Per model: the node-config settings modules among the scanned files (few or none), found once. */
const configModules = new WeakMap<Ctx, FileFacts[]>();

/**
 * A key node-config reads from a settings module written as named exports (`export const DB_URL = "..."` in
 * config/default.ts) rather than one object: the module of the reading file's service, else the only one there is.
 */
function namedExportSetting(ctx: Ctx, service: string | undefined, name: string): { file: string; value: Value } | undefined {
  let modules = configModules.get(ctx);
  if (!modules) configModules.set(ctx, (modules = [...ctx.facts.values()].filter((facts) => NODE_CONFIG_MODULE.test(facts.file))));
  if (!modules.length) return undefined;
  const [head, ...rest] = name.split(".");
  const found: { file: string; value: Value }[] = [];
  for (const facts of modules) {
    const exported = facts.exports[head!];
    if (exported === undefined) continue;
    const local = exported.startsWith("const:") ? exported.slice("const:".length) : head!;
    const value = facts.constants[[local, ...rest].join(".")];
    if (value) found.push({ file: facts.file, value });
  }
  found.sort((a, b) => Number(/\/production\.[^/]*$/.test(b.file)) - Number(/\/production\.[^/]*$/.test(a.file)));
  return found.find((entry) => service !== undefined && ctx.fileService[entry.file] === service) ?? (found.length === 1 ? found[0] : undefined);
}

/**
 * `configService.get("app.apiPrefix")` where the namespace's factory returns another module's settings object
 * (FileFacts.configAliases): that module's leaf, read as its own constants are (`default.apiPrefix`). The alias in a file
 * of the reading service first, else the only one.
 */
function aliasedSetting(ctx: Ctx, service: string | undefined, name: string): { file: string; value: Value } | undefined {
  const dot = name.indexOf(".");
  if (dot < 0) return undefined;
  const namespace = name.slice(0, dot);
  const found: { file: string; value: Value; own: boolean }[] = [];
  for (const facts of ctx.facts.values()) {
    for (const alias of facts.configAliases ?? []) {
      if (alias.namespace !== namespace) continue;
      const target = ctx.resolver.resolve(facts.file, alias.specifier);
      const module = target ? ctx.facts.get(target) : undefined;
      const exported = module?.exports[alias.imported];
      if (!module || exported === undefined) continue;
      const local = exported.startsWith("const:") ? exported.slice("const:".length) : alias.imported;
      const value = module.constants[`${local}.${name.slice(dot + 1)}`];
      if (value) found.push({ file: module.file, value, own: service !== undefined && ctx.fileService[facts.file] === service });
    }
  }
  const own = found.find((entry) => entry.own);
  const picked = own ?? (found.length === 1 ? found[0] : undefined);
  return picked && { file: picked.file, value: picked.value };
}

/**
 * A value read from configuration by its dotted key (`configService.get("database.host")`,
 * node-config `config.get("db")`): the leaf a `registerAs` namespace, a loaded config
 * factory or a config/*.json file defines, in a file of the reading file's service when
 * one does (for a library's file, the service whose env the value is rendered with: the
 * library's DatabaseModule reads the config its user loads), else in a file that service's
 * own files import (another app's config factory it loads), else the only one anywhere (a
 * shared library's config module), or the first of several that all define it alike. An env
 * variable custom-environment-variables.json maps to the key wins over the files'
 * value, which stays its default; production.json wins over default.json.
 */
function lookupConfig(ctx: Ctx, file: string, name: string, env?: Record<string, string>): { file: string; value: Value } | undefined {
  let index = configIndex.get(ctx);
  if (!index) {
    index = new Map();
    for (const facts of ctx.facts.values()) {
      for (const [key, value] of Object.entries(facts.constants)) {
        if (!key.startsWith(CONFIG_SPECIFIER) && !key.startsWith(CONFIG_ENV_PREFIX)) continue;
        const list = index.get(key) ?? [];
        list.push({ file: facts.file, value });
        index.set(key, list);
      }
    }
    for (const list of index.values()) list.sort((a, b) => Number(b.file.endsWith("/production.json")) - Number(a.file.endsWith("/production.json")));
    configIndex.set(ctx, index);
  }
  const service = ctx.fileService[file] ?? (env && ctx.serviceOfEnv?.(env));
  const pick = (key: string) => {
    const found = index.get(key);
    if (!found?.length) return undefined;
    if (service !== undefined) {
      const own = found.find((entry) => ctx.fileService[entry.file] === service) ?? found.find((entry) => importedByService(ctx, entry.file, service));
      if (own) return own;
    }
    const first = JSON.stringify(found[0]!.value);
    return found.length === 1 || found.every((entry) => JSON.stringify(entry.value) === first) ? found[0] : undefined;
  };
  const value = pick(CONFIG_SPECIFIER + name) ?? namedExportSetting(ctx, service, name) ?? aliasedSetting(ctx, service, name);
  const override = pick(CONFIG_ENV_PREFIX + name)?.value.parts[0];
  if (override?.kind === "env") return { file: value?.file ?? file, value: { parts: [{ ...override, ...(value ? { fallback: value.value } : {}) }] } };
  return value;
}
