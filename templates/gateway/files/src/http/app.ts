import { randomUUID } from "node:crypto";
import cors from "@fastify/cors";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { createIdentityHeaders, registerAuthentication } from "../auth/identity.ts";
import type { VerifyToken } from "../auth/verify-token.ts";
import { registerOverview } from "../aggregate.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import { registerOpenApi } from "../openapi/serve.ts";
import { registerUpstream, type Breakers } from "../proxy/upstream.ts";
import { registerRateLimit } from "../rate-limit.ts";
import { ROUTES } from "../service.ts";
import { registerProbes } from "./health.ts";
import { registerProblemHandlers } from "./problem.ts";
import { registerSecurityHeaders } from "./security-headers.ts";

export interface AppDeps {
  config: Config;
  logger: Logger;
  verifyToken: VerifyToken;
  shuttingDown?: () => boolean;
}

/** The services the overview route aggregates: the first two routed ones (see src/aggregate.ts). */
const AGGREGATED = ROUTES.slice(0, 2);

/**
 * The gateway, built without listening so tests drive it over real HTTP or inject().
 * Order matters: security headers and CORS, then authentication (onRequest: the identity
 * headers a client sent are removed first), then the rate limit (preHandler: keyed by the
 * caller authentication found), then the routes.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Accept a caller's request id so one id follows a request across services (reply-from forwards the header).
    requestIdHeader: "x-request-id",
    // The gateway is where a request enters: an id that stays unique across replicas (Fastify's own counts from 1 in each).
    genReqId: () => randomUUID(),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
  });
  registerProblemHandlers(app);
  closeKeepAliveConnectionsOnShutdown(app);
  app.addHook("onSend", async (request, reply) => void reply.header("x-request-id", request.id));
  // Passed upstream too (reply-from forwards the incoming headers), so one id follows the request into the services.
  app.addHook("onRequest", async (request) => void (request.headers["x-request-id"] = request.id));

  // An API serves JSON, not pages: the headers that matter for one, without a page's CSP.
  registerSecurityHeaders(app);
  // No origins allowed (the default): no CORS at all, rather than a hook on every request that adds nothing.
  if (config.corsOrigins.length > 0) await app.register(cors, { origin: config.corsOrigins, credentials: true, maxAge: 600 });

  registerAuthentication(app, config.auth, deps.verifyToken);
  await registerRateLimit(app, config.rateLimit);

  const breakers: Breakers = new Map();
  registerProbes(app, {
    circuits: () => Object.fromEntries([...breakers].map(([service, breaker]) => [service, breaker.opened ? "open" : breaker.halfOpen ? "half-open" : "closed"])),
    shuttingDown: deps.shuttingDown,
  });

  const identityHeaders = createIdentityHeaders(config.auth);
  for (const service of ROUTES) {
    await registerUpstream(app, { service, baseUrl: config.upstreams[service]!, identityHeaders, bodyLimitBytes: config.bodyLimitBytes, ...config.upstream }, breakers);
  }
  registerOverview(app, AGGREGATED.map((service) => ({ service, baseUrl: config.upstreams[service]! })), identityHeaders, config.aggregateTimeoutMs);
  registerOpenApi(app, {
    upstreams: ROUTES.map((service) => ({ service, baseUrl: config.upstreams[service]! })),
    aggregated: AGGREGATED,
    timeoutMs: config.upstream.timeoutMs,
    cacheTtlMs: config.openApiCacheTtlMs,
  });
  return app;
}

/**
 * close() lets in-flight requests finish, then waits for every connection to
 * end; but a keep-alive connection that just finished a request stays open
 * until its keepAliveTimeout (72 s), far past any shutdown bound. So while
 * closing, connections are closed as soon as they fall idle.
 */
function closeKeepAliveConnectionsOnShutdown(app: FastifyInstance): void {
  app.addHook("preClose", (done) => {
    if (!app.server.listening) return done();
    const reaper = setInterval(() => app.server.closeIdleConnections(), 50);
    reaper.unref();
    app.server.once("close", () => clearInterval(reaper));
    done();
  });
}
