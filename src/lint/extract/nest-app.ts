import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { unwrapAwait } from "./syntax.js";

/**
 * The app `NestFactory.create(AppModule)` makes, as the HTTP platform under it: Express unless a `FastifyAdapter` is
 * handed over. What a main file mounts on it directly (`app.use(createProxyMiddleware(…))`, `app.use("/docs", router)`)
 * is served by that platform, outside Nest's routing and its global prefix; the controllers' routes are nest.ts's.
 */

const MODULES = ["@nestjs/core"];

export const nestApp: Extractor = {
  family: "nest-app",
  modules: MODULES,
  factory(expr, ctx) {
    const call = unwrapAwait(expr);
    if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== "create") return undefined;
    if (!ctx.isImportFrom(call.expression.expression, MODULES, ["NestFactory"])) return undefined;
    const adapter = call.arguments[1];
    const fastify = adapter !== undefined && ts.isNewExpression(adapter) && ts.isIdentifier(adapter.expression) && adapter.expression.text === "FastifyAdapter";
    return { kind: "app", framework: fastify ? "fastify" : "express" };
  },
};
