import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Redis } from "ioredis";
import { HttpProblem } from "./http/problem.ts";

/**
 * Each caller gets RATE_LIMIT_MAX requests per window: a signed-in caller by its token's
 * subject (one user behind many IPs is one caller), anyone else by client IP. With REDIS_URL
 * the counts are shared by every replica; without it each replica counts on its own.
 * Over the limit: 429 with a problem body and Retry-After.
 */

export interface RateLimitOptions {
  max: number;
  windowMs: number;
  redisUrl: string | undefined;
}

export function rateLimitKey(request: FastifyRequest): string {
  return request.identity ? `user:${request.identity.subject}` : `ip:${request.ip}`;
}

export async function registerRateLimit(app: FastifyInstance, options: RateLimitOptions): Promise<void> {
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, { connectTimeout: 1_000, maxRetriesPerRequest: 1, enableOfflineQueue: false })
    : undefined;
  if (redis) app.addHook("onClose", async () => void (await redis.quit()));
  await app.register(rateLimit, {
    max: options.max,
    timeWindow: options.windowMs,
    // After authentication (onRequest), so the key can be the caller's subject.
    hook: "preHandler",
    keyGenerator: rateLimitKey,
    ...(redis ? { redis, nameSpace: "gateway-rate-limit:" } : {}),
    // Redis unreachable: let requests through rather than refuse everyone.
    skipOnError: true,
    // Probes are the platform's, not a caller's.
    allowList: (request) => request.url === "/healthz" || request.url === "/readyz",
    errorResponseBuilder: (_request, context) =>
      new HttpProblem(context.statusCode, "Too Many Requests", `rate limit of ${context.max} requests reached; retry in ${context.after}`),
  });
}
