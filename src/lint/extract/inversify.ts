import type { Extractor } from "./walk.js";
import { staticText } from "./context.js";
import { controllerRoutes, decoratorPath, packageDecorators } from "./routing-controllers.js";

/**
 * inversify-express-utils: `@controller("/users")` classes with `@httpGet("/:id")`, `@httpPost()` …,
 * `@all()` and `@httpMethod("get", "/x")` methods, each route owned by its class and handled by
 * its method. (The server's `rootPath` is not applied: the container, not the code, says which
 * controllers it serves.)
 */

const MODULES = ["inversify-express-utils"];

const VERBS: Record<string, string> = { httpGet: "GET", httpPost: "POST", httpPut: "PUT", httpPatch: "PATCH", httpDelete: "DELETE", httpHead: "HEAD", all: "ALL" };

export const inversify: Extractor = {
  family: "inversify",
  modules: MODULES,
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
