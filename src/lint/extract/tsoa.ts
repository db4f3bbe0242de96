import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { controllerRoutes, decoratorPath, packageDecorators } from "./routing-controllers.js";

/**
 * tsoa: `@Route("users")` controller classes with `@Get("{id}")`, `@Post()` … methods, each route
 * owned by its class and handled by its method. The routes file tsoa generates from them
 * (`RegisterRoutes(app)`, when it is committed) repeats the same routes through wrappers: its
 * express routes are dropped so that each route is counted once, at the controller.
 */

const MODULES = ["tsoa", "@tsoa/runtime"];

const VERBS: Record<string, string> = { Get: "GET", Post: "POST", Put: "PUT", Patch: "PATCH", Delete: "DELETE", Head: "HEAD", Options: "OPTIONS" };

export const tsoa: Extractor = {
  family: "tsoa",
  modules: MODULES,
  classDeclaration(node, ctx) {
    if (!ctx.importsAny(MODULES)) return;
    const route = packageDecorators(node, MODULES, ctx).find((d) => d.name === "Route");
    if (!route) return;
    controllerRoutes(node, decoratorPath(route.args[0], ctx), "tsoa", MODULES, VERBS, ctx);
  },
  fileEnd(ctx) {
    if (ctx.facts.routes.length === 0 || !ctx.importsAny(MODULES)) return;
    const generated = ctx.sf.statements.some((s) => ts.isFunctionDeclaration(s) && s.name?.text === "RegisterRoutes");
    if (generated) ctx.facts.routes = ctx.facts.routes.filter((route) => route.framework === "tsoa");
  },
};
