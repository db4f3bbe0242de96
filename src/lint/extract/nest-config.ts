import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { type ExtractContext, CONFIG_SPECIFIER, propertyKey, propertyNamed } from "./context.js";
import { fromReturnedOptions, isFunctionNode, objectLiteralOf, unwrap } from "./datastores/connection.js";
import { parsedFileIn } from "./data-files.js";

/**
 * Configuration read by dotted keys: NestJS namespaces (`registerAs("database",
 * () => ({ host: process.env.DB_HOST }))`), the factories `ConfigModule.forRoot({ load })`
 * loads (`export default () => ({ database: { host } })` in a config file),
 * node-config's JavaScript files (`config/default.js` exporting the settings),
 * and convict schemas (`convict({ db: { url: { env: "DB_URL", default: "..." } } })`).
 * Each leaf becomes a constant `config:database.host`, which
 * `configService.get("database.host")` reads (see ExtractContext.value and
 * lookupConstant in model/values.ts).
 */

/** Constants are keyed by the specifier configService reads carry, then the path. */
const NEST_CONFIG_PREFIX = CONFIG_SPECIFIER;

const CONFIG_FILE = /(^|\/)[^/]*config[^/]*(\/(default|production)\.[cm]?[jt]s|\.[cm]?[jt]s)$/i;
const NODE_CONFIG_FILE = /(^|\/)config\/(default|production)\.[cm]?[jt]s$/;

function recordLeaves(prefix: string, obj: ts.ObjectLiteralExpression, ctx: ExtractContext, depth: number, keyPrefix = NEST_CONFIG_PREFIX): void {
  if (depth > 4) return;
  for (const prop of obj.properties) {
    let key: string | undefined;
    let init: ts.Expression;
    if (ts.isPropertyAssignment(prop)) [key, init] = [propertyKey(prop.name), prop.initializer];
    else if (ts.isShorthandPropertyAssignment(prop)) [key, init] = [prop.name.text, prop.name];
    else continue;
    if (!key) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const inner = objectLiteralOf(init, ctx);
    if (inner) recordLeaves(path, inner, ctx, depth + 1, keyPrefix);
    else {
      const value = ctx.value(init);
      if (value.parts.some((part) => part.kind !== "unknown")) ctx.facts.constants[keyPrefix + path] = value;
    }
  }
}

/** The object a config factory returns, its leaves recorded under `namespace`. */
function recordFactory(namespace: string, factory: ts.Expression | undefined, ctx: ExtractContext, variable?: string): void {
  const fn = factory && unwrap(factory);
  if (!fn || !isFunctionNode(fn)) return;
  fromReturnedOptions(fn, ctx, (returned) => {
    const obj = objectLiteralOf(validated(returned), ctx);
    if (obj) recordLeaves(namespace, obj, ctx, 0);
    // `() => values.default`, `() => appValues`: another module's settings, read there by the model.
    const imported = obj || !namespace ? undefined : importedSettings(validated(returned), ctx);
    if (imported) (ctx.facts.configAliases ??= []).push({ namespace, ...imported });
    // `() => yaml.load(readFileSync(join(__dirname, "config.yaml"), "utf8"))`: the settings are that file's (loaded-config-files.ts).
    const loaded = obj ? undefined : parsedFileIn(returned, ctx);
    if (loaded) (ctx.facts.settingsFiles ??= []).push({ ...loaded, namespace, location: ctx.loc(returned) });
    // `const dbConfig = registerAs("db", …)`: a factory given `inject: [dbConfig.KEY]` reads these as `dbConfig.<leaf>`.
    if (obj && variable) recordLeaves("", obj, ctx, 0, `${variable}.`);
  });
}

/** `values.default` of `import * as values from "./x"`, `values` of a default import, `appValues` of a named one: the module and the binding. */
function importedSettings(expr: ts.Expression, ctx: ExtractContext): { specifier: string; imported: string } | undefined {
  const node = unwrap(expr);
  if (ts.isIdentifier(node)) {
    const found = ctx.imports.get(node.text);
    return found && found.imported !== "*" ? { specifier: found.specifier, imported: found.imported } : undefined;
  }
  if (!ts.isPropertyAccessExpression(node) || !ts.isIdentifier(node.expression)) return undefined;
  const found = ctx.imports.get(node.expression.text);
  return found?.imported === "*" ? { specifier: found.specifier, imported: node.name.text } : undefined;
}

/**
 * What a schema's check returns is what it is given: `return ConfigSchema.parse(config)` (zod, valibot) or
 * `return schema.parseAsync({ … })` returns the settings object itself.
 */
function validated(expr: ts.Expression): ts.Expression {
  const call = unwrap(expr);
  if (!ts.isCallExpression(call) || call.arguments.length !== 1 || !ts.isPropertyAccessExpression(call.expression)) return expr;
  return ["parse", "parseAsync"].includes(call.expression.name.text) ? call.arguments[0]! : expr;
}

/**
 * convict: each schema leaf (an object with `default`, `env` or `format`) is the env
 * variable it names, its default the fallback; without `env`, the default itself.
 */
function recordConvict(prefix: string, schema: ts.ObjectLiteralExpression, ctx: ExtractContext, depth: number): void {
  if (depth > 5) return;
  for (const prop of schema.properties) {
    if (!ts.isPropertyAssignment(prop)) continue;
    const key = propertyKey(prop.name);
    const node = key ? objectLiteralOf(prop.initializer, ctx) : undefined;
    if (!node) continue;
    const path = prefix ? `${prefix}.${key}` : key!;
    const env = propertyNamed(node, "env");
    const fallback = propertyNamed(node, "default");
    if (!env && !fallback && !propertyNamed(node, "format")) {
      recordConvict(path, node, ctx, depth + 1);
      continue;
    }
    const defaultValue = fallback ? ctx.value(fallback) : undefined;
    const known = defaultValue && defaultValue.parts.every((part) => part.kind === "text") ? defaultValue : undefined;
    if (env && ts.isStringLiteralLike(env)) ctx.facts.constants[NEST_CONFIG_PREFIX + path] = { parts: [{ kind: "env", name: env.text, ...(known ? { fallback: known } : {}) }] };
    else if (known) ctx.facts.constants[NEST_CONFIG_PREFIX + path] = known;
  }
}

export const nestConfig: Extractor = {
  family: "nest-config",
  callIdentifiers: true,
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isIdentifier(callee)) return;
    if (ctx.isImportFrom(callee, ["convict"], ["default"])) {
      const schema = objectLiteralOf(node.arguments[0], ctx);
      if (schema) recordConvict("", schema, ctx, 0);
      return;
    }
    if (!ctx.isImportFrom(callee, ["@nestjs/config"], ["registerAs"])) return;
    const [namespace, factory] = node.arguments;
    const holder = ctx.stack[ctx.stack.length - 2];
    // `export default registerAs(…)`: a module importing it by any name reads its leaves as `default.<leaf>` (the import's name).
    const declared = holder && ts.isVariableDeclaration(holder) && holder.initializer === node && ts.isIdentifier(holder.name) ? holder.name.text : holder && ts.isExportAssignment(holder) && !holder.isExportEquals && holder.expression === node ? "default" : undefined;
    if (namespace && ts.isStringLiteralLike(namespace)) recordFactory(namespace.text, factory, ctx, declared);
  },
  moduleExport(expr, ctx) {
    if (!CONFIG_FILE.test(ctx.file)) return;
    // node-config in JavaScript: config/default.js, config/production.js export the settings object.
    const settings = NODE_CONFIG_FILE.test(ctx.file) ? objectLiteralOf(expr, ctx) : undefined;
    if (settings) recordLeaves("", settings, ctx, 0);
    // export default () => ({ database: { host: process.env.DB_HOST } }), loaded by ConfigModule.forRoot({ load: [...] })
    else recordFactory("", expr, ctx);
  },
};
