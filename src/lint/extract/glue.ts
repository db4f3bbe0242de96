import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { propertyNamed, withoutAssertions, type ExtractContext } from "./context.js";
import { isProjectSpecifier, ownerMadeAt, pushMount, routePath, type Owner } from "./routes.js";
import { isRequire, requireSpecifier } from "./syntax.js";

/**
 * hapi servers composed from a manifest by glue: `await Glue.compose(manifest, { relativeTo: __dirname })`, whose
 * `register.plugins` list the plugins to load, each a module path (`"./plugins/users"`), `{ plugin: "./plugins/users",
 * routes: { prefix: "/v1" } }` or `{ plugin: require("./plugins/users") }`; `register.options.routes.prefix` applies to
 * every plugin of the list. Each is mounted on the server glue returns as `server.register` would mount it
 * (extract/hapi.ts): the routes of the plugin's `register(server)` get the prefix. Module paths are resolved from
 * `relativeTo` when it is `__dirname` (the file's own folder, as glue's docs write it); a manifest kept in a const of
 * the file is read too. npm plugins (`"h2o2"`, `"@hapi/inert"`) add no route of the project.
 */

const GLUE = ["glue", "@hapi/glue"];

export const glue: Extractor = {
  family: "glue",
  modules: GLUE,
  callProperties: ["compose"],
  call(node, ctx) {
    if (!ctx.isMemberOf(node.expression, GLUE, "compose", ["default", "*", "Glue"])) return;
    const manifest = objectOf(node.arguments[0], ctx);
    const register = manifest ? objectOf(propertyNamed(manifest, "register"), ctx) : undefined;
    const plugins = register ? withoutAssertions(propertyNamed(register, "plugins") ?? ts.factory.createArrayLiteralExpression()) : undefined;
    if (!plugins || !ts.isArrayLiteralExpression(plugins)) return;
    const fromHere = relativeToHere(objectOf(node.arguments[1], ctx));
    const shared = prefixOf(objectOf(propertyNamed(register!, "options"), ctx), ctx) ?? "";
    const owner = ownerMadeAt(node, ctx, "glue", "hapi");
    for (const raw of plugins.elements) {
      const item = withoutAssertions(raw);
      const entry = ts.isObjectLiteralExpression(item) ? item : undefined;
      const plugin = entry ? propertyNamed(entry, "plugin") : item;
      const prefix = (entry ? prefixOf(entry, ctx) : undefined) ?? shared;
      if (plugin) mountModule(withoutAssertions(plugin), owner, prefix, raw, fromHere, ctx);
    }
  },
};

function objectOf(expr: ts.Expression | undefined, ctx: ExtractContext): ts.ObjectLiteralExpression | undefined {
  if (!expr) return undefined;
  let target = withoutAssertions(expr);
  if (ts.isIdentifier(target) && !ctx.imports.has(target.text)) {
    const local = ctx.lookupLocal(target.text)?.expr;
    if (local) target = withoutAssertions(local);
  }
  return ts.isObjectLiteralExpression(target) ? target : undefined;
}

/** `{ routes: { prefix: "/v1" } }`: the prefix its routes get. */
function prefixOf(options: ts.ObjectLiteralExpression | undefined, ctx: ExtractContext): string | undefined {
  const routes = options ? objectOf(propertyNamed(options, "routes"), ctx) : undefined;
  return routes ? routePath(propertyNamed(routes, "prefix"), ctx) : undefined;
}

/** Whether glue resolves module paths from this file's folder: `{ relativeTo: __dirname }`. */
function relativeToHere(options: ts.ObjectLiteralExpression | undefined): boolean {
  const at = options ? propertyNamed(options, "relativeTo") : undefined;
  return !!at && ts.isIdentifier(at) && at.text === "__dirname";
}

function mountModule(plugin: ts.Expression, owner: Owner, prefix: string, at: ts.Node, fromHere: boolean, ctx: ExtractContext): void {
  let specifier: string | undefined;
  if (isRequire(plugin)) specifier = requireSpecifier(plugin);
  else if (fromHere && ts.isStringLiteralLike(plugin)) specifier = plugin.text;
  if (specifier === undefined || !isProjectSpecifier(specifier)) return;
  // A module's plugin is its export, or (as hapi reads a required module) its `plugin` or hapi 16 `register` export.
  for (const name of ["default", "plugin", "register"]) pushMount(ctx, at, owner, prefix, { kind: "import", specifier, name });
}
