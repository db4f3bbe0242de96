import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { propertyNamed, staticText, withoutAssertions } from "./context.js";
import { routePath } from "./routes.js";
import { controllerRoutes, decoratorPath, packageDecorators } from "./routing-controllers.js";

/**
 * inversify-express-utils: `@controller("/users")` classes with `@httpGet("/:id")`, `@httpPost()` …,
 * `@all()` and `@httpMethod("get", "/x")` methods, each route owned by its class and handled by
 * its method; the server's `rootPath` (`new InversifyExpressServer(container, null, { rootPath })`) is a
 * prefix of every controller route of the service.
 */

const MODULES = ["inversify-express-utils"];

const VERBS: Record<string, string> = { httpGet: "GET", httpPost: "POST", httpPut: "PUT", httpPatch: "PATCH", httpDelete: "DELETE", httpHead: "HEAD", all: "ALL" };

export const inversify: Extractor = {
  family: "inversify",
  modules: MODULES,
  newExpression(node, ctx) {
    // new InversifyExpressServer(container, null, { rootPath: "/api/v1" }): every controller of the server under it.
    if (!ctx.isMemberOf(node.expression, MODULES, "InversifyExpressServer")) return;
    const options = node.arguments?.[2];
    const object = options && withoutAssertions(options);
    const rootPath = object && ts.isObjectLiteralExpression(object) ? propertyNamed(object, "rootPath") : undefined;
    if (!rootPath) return;
    // A root path read at run time stays visible as an unresolved segment ({?}) rather than no prefix at all.
    const prefix = routePath(rootPath, ctx) ?? "/{?}";
    ctx.facts.frameworkPrefixes = { ...ctx.facts.frameworkPrefixes, inversify: { prefix, location: ctx.loc(rootPath) } };
  },
  classDeclaration(node, ctx) {
    if (!ctx.importsAny(MODULES)) return;
    const controller = packageDecorators(node, MODULES, ctx).find((d) => d.name === "controller");
    if (!controller) return;
    controllerRoutes(node, decoratorPath(controller.args[0], ctx), "inversify", MODULES, VERBS, ctx, (decorator) => {
      if (decorator.name !== "httpMethod") return undefined;
      const method = staticText(ctx.value(decorator.args[0]));
      return method ? { method: method.toUpperCase(), ...(decorator.args[1] ? { path: decorator.args[1] } : {}) } : undefined;
    });
  },
};
