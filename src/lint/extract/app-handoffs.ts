import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { APP_NAME_END, isAppName, isProjectSpecifier, pushMount, resolveOwner } from "./routes.js";

/**
 * The app handed to a function of another module of the project by member: `routes.assignRoutes(app, config)` of
 * `const routes = require("./routes")` (or `import * as routes`), whose `exports.assignRoutes = (app) => { app.post(…) }`
 * adds routes to it. A mount of that export on the app, as `assignRoutes(app)` of a named import is (routes.ts passApp).
 */
export const appHandoffs: Extractor = {
  family: "app-handoffs",
  call(node, ctx) {
    const callee = node.expression;
    if (callee.kind !== ts.SyntaxKind.PropertyAccessExpression) return;
    const first = node.arguments[0];
    // Most calls hand over no app: the name is tested first, without allocating.
    if (!first || first.kind !== ts.SyntaxKind.Identifier || !APP_NAME_END.test((first as ts.Identifier).text) || !isAppName((first as ts.Identifier).text)) return;
    const holder = (callee as ts.PropertyAccessExpression).expression;
    if (!ts.isIdentifier(holder) || ctx.isShadowed(holder.text)) return;
    const imported = ctx.imports.get(holder.text);
    if (!imported || (imported.imported !== "default" && imported.imported !== "*") || !isProjectSpecifier(imported.specifier)) return;
    const owner = resolveOwner(first, ctx);
    if (!owner || owner.id.startsWith("imp:")) return;
    pushMount(ctx, node, owner, "", { kind: "import", specifier: imported.specifier, name: (callee as ts.PropertyAccessExpression).name.text });
  },
};
