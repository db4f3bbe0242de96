import replyFrom from "@fastify/reply-from";
import { context, propagation } from "@opentelemetry/api";
import { Transform } from "node:stream";
import { errorCodes, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import CircuitBreaker from "opossum";
import type { IdentityHeaders } from "../auth/identity.ts";
import { sendProblem } from "../http/problem.ts";
import { API_PREFIX } from "../service.ts";

/**
 * One routed service: every method on /v1/<service> and /v1/<service>/* goes to its base URL
 * with the path unchanged (the version stays), bodies streamed both ways. Each call has a
 * timeout; a connection that fails is retried for idempotent methods only; and a circuit
 * breaker per service stops sending to one that keeps failing, answering 503 at once.
 */

export interface UpstreamOptions {
  service: string;
  baseUrl: string;
  timeoutMs: number;
  retries: number;
  breakerErrorPercent: number;
  breakerVolume: number;
  breakerResetMs: number;
  /** Largest request body passed on (Fastify's bodyLimit applies only to the bodies it parses itself). */
  bodyLimitBytes: number;
  identityHeaders: IdentityHeaders;
}

/**
 * Retried when the connection fails: methods without a body that change nothing. PUT and
 * DELETE are idempotent too, but a streamed body cannot be sent a second time.
 */
export const RETRIED_METHODS = ["GET", "HEAD", "OPTIONS"];

/** The upstream answered with a 5xx: already passed on to the caller, and a failure for the breaker. */
class UpstreamAnsweredFailure extends Error {}

export type Breakers = Map<string, CircuitBreaker>;

export async function registerUpstream(app: FastifyInstance, options: UpstreamOptions, breakers: Breakers): Promise<void> {
  const breaker = new CircuitBreaker(forward, {
    // The call's own timeout (reply-from's) bounds it; opossum's would answer while the call goes on.
    timeout: false,
    errorThresholdPercentage: options.breakerErrorPercent,
    volumeThreshold: options.breakerVolume,
    resetTimeout: options.breakerResetMs,
    rollingCountTimeout: 10_000,
    // Only the error rate decides: no latency list (a number per call, sorted every second) and no per-second snapshot.
    rollingPercentilesEnabled: false,
    enableSnapshots: false,
    // A caller's oversized body says nothing about the upstream's health.
    errorFilter: isBodyTooLarge,
    name: options.service,
  });
  breakers.set(options.service, breaker);
  app.addHook("onClose", async () => breaker.shutdown());

  await app.register(async function upstream(scope) {
    // Bodies go through as streams: never parsed, never buffered whole, and never longer than the limit.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (request, payload, done) => {
      if (Number(request.headers["content-length"]) > options.bodyLimitBytes) return done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), undefined);
      done(null, payload.pipe(limitedTo(options.bodyLimitBytes)));
    });
    await scope.register(replyFrom, {
      base: options.baseUrl,
      retryMethods: RETRIED_METHODS,
      maxRetriesOn503: options.retries,
      undici: { connections: 128, pipelining: 1, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs },
    });
    // Not an async handler: one that returns the reply makes Fastify wait on the reply as a
    // promise (listeners on the socket for every request); this one answers through reply-from.
    const handler = function proxy(request: FastifyRequest, reply: FastifyReply): void {
      breaker.fire(request, reply).catch((error: unknown) => {
        if (reply.sent || error instanceof UpstreamAnsweredFailure) return;
        answerFailure(request, reply, options.service, error, options.breakerResetMs);
      });
    };
    for (const url of [`${API_PREFIX}/${options.service}`, `${API_PREFIX}/${options.service}/*`]) scope.all(url, handler);
  });

  /** One call through the breaker: settles when the upstream answered (or failed to). */
  function forward(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    return new Promise((resolve, reject) => {
      void options.identityHeaders(request.identity).then(
        (identity) =>
          reply.from(request.url, {
            retriesCount: RETRIED_METHODS.includes(request.method) ? options.retries : 0,
            rewriteRequestHeaders: (_request, headers) => {
              const forwarded: Record<string, string | string[] | undefined> = { ...headers, ...identity };
              // The caller's token stays at the edge: the services get the identity headers instead.
              delete forwarded.authorization;
              // The trace continues in the upstream: traceparent of the gateway's request span.
              propagation.inject(context.active(), forwarded);
              return forwarded as typeof headers;
            },
            onResponse: (_request, proxied, response) => {
              proxied.send(response.stream);
              if (response.statusCode >= 500) reject(new UpstreamAnsweredFailure(`${options.service} answered ${response.statusCode}`));
              else resolve();
            },
            onError: (_reply, { error }) => reject(error),
          }),
        reject,
      );
    });
  }
}

/** Passes a body through, failing it once it grows past `limit` bytes (a chunked body declares no length). */
function limitedTo(limit: number): Transform {
  let seen = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      callback(seen > limit ? new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE() : null, chunk);
    },
  });
  // The failure reaches the caller through the upstream call it aborts (see isBodyTooLarge).
  limited.on("error", () => {});
  return limited;
}

/** The call failed because the caller's body grew past the limit: the caller's mistake (413), not the upstream's. */
function isBodyTooLarge(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as { code?: string }).code === "FST_ERR_CTP_BODY_TOO_LARGE") return true;
  }
  return false;
}

function answerFailure(request: FastifyRequest, reply: FastifyReply, service: string, error: unknown, resetMs: number): FastifyReply {
  const code = (error as { code?: string }).code;
  if (isBodyTooLarge(error)) {
    return sendProblem(request, reply, { type: "about:blank", title: "Content Too Large", status: 413, detail: "the request body is over the gateway's limit" });
  }
  if (code === "EOPENBREAKER") {
    request.log.warn({ upstream: service }, "circuit open: not calling the upstream");
    reply.header("retry-after", String(Math.ceil(resetMs / 1000)));
    return sendProblem(request, reply, { type: "about:blank", title: "Service Unavailable", status: 503, detail: `${service} is failing; the gateway stopped calling it for a while` });
  }
  const timedOut = (error as { statusCode?: number }).statusCode === 504;
  request.log.warn({ err: error, upstream: service }, timedOut ? "upstream timed out" : "upstream unreachable");
  return timedOut
    ? sendProblem(request, reply, { type: "about:blank", title: "Gateway Timeout", status: 504, detail: `${service} did not answer in time` })
    : sendProblem(request, reply, { type: "about:blank", title: "Bad Gateway", status: 502, detail: `${service} could not be reached` });
}
