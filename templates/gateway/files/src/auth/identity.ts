import type { FastifyInstance } from "fastify";
import { SignJWT } from "jose";
import { LRUCache } from "lru-cache";
import type { AuthConfig } from "../config.ts";
import { sendProblem } from "../http/problem.ts";
import { SERVICE_NAME } from "../service.ts";
import { InvalidToken, bearerToken, type Identity, type VerifyToken } from "./verify-token.ts";

/**
 * Authentication happens here and nowhere else. Every request loses the identity headers a
 * client sent (so no client can pose as a user), then, unless its path is public, must carry
 * a valid bearer token; what the token says goes downstream in headers the gateway sets itself.
 */

/** Headers only the gateway may set; a client's copies are removed before anything reads them. */
export const IDENTITY_HEADERS = ["x-user-id", "x-user-roles", "x-internal-token"] as const;
/** The audience of the internal token: the services behind this gateway. */
export const INTERNAL_AUDIENCE = "internal";

declare module "fastify" {
  interface FastifyRequest {
    /** The verified caller; undefined on a public path without a token. */
    identity?: Identity;
  }
}

/** Paths every platform probe needs without a token. */
const ALWAYS_PUBLIC = ["/healthz", "/readyz"];

export function isPublicPath(path: string, publicPaths: readonly string[]): boolean {
  return [...ALWAYS_PUBLIC, ...publicPaths].some((prefix) => path === prefix || path.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`));
}

export function registerAuthentication(app: FastifyInstance, auth: AuthConfig, verifyToken: VerifyToken): void {
  app.decorateRequest("identity", undefined);
  app.addHook("onRequest", async function authenticate(request, reply) {
    for (const header of IDENTITY_HEADERS) delete request.headers[header];
    const token = bearerToken(request.headers.authorization);
    const path = request.url.split("?")[0] ?? "/";
    if (token === undefined) {
      if (isPublicPath(path, auth.publicPaths)) return;
      reply.header("www-authenticate", 'Bearer realm="api"');
      return sendProblem(request, reply, { type: "about:blank", title: "Unauthorized", status: 401, detail: "a bearer token is required (Authorization: Bearer <token>)" });
    }
    try {
      request.identity = await verifyToken(token);
    } catch (error) {
      if (!(error instanceof InvalidToken)) throw error;
      reply.header("www-authenticate", 'Bearer realm="api", error="invalid_token"');
      return sendProblem(request, reply, { type: "about:blank", title: "Unauthorized", status: 401, detail: `invalid token: ${error.message}` });
    }
  });
}

/**
 * The headers a request forwarded downstream carries about its caller: who (x-user-id), with
 * which roles (x-user-roles), and a token the gateway signed, valid for seconds, that a service
 * verifies to know the request came through the gateway and not straight from the network.
 */
export type IdentityHeaders = (identity: Identity | undefined) => Promise<Record<string, string>>;

/**
 * One internal token per caller (subject and roles) is signed and reused for the first half of its
 * lifetime, so a service always gets one with at least half of INTERNAL_TOKEN_TTL_S left, and the
 * gateway signs once per caller every half TTL instead of once per request.
 */
export function createIdentityHeaders(auth: AuthConfig, now: () => number = Date.now): IdentityHeaders {
  const key = new TextEncoder().encode(auth.internalTokenSecret);
  const reuseMs = (auth.internalTokenTtlS * 1000) / 2;
  const signed = new LRUCache<string, { headers: Record<string, string>; issuedAtMs: number }>({ max: 10_000 });
  return async (identity): Promise<Record<string, string>> => {
    if (!identity) return {};
    const caller = `${identity.subject}\n${identity.roles.join(",")}`;
    const kept = signed.get(caller);
    if (kept && now() - kept.issuedAtMs < reuseMs) return kept.headers;
    const issuedAt = Math.floor(now() / 1000);
    const token = await new SignJWT({ roles: identity.roles })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(identity.subject)
      .setIssuer(SERVICE_NAME)
      .setAudience(INTERNAL_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + auth.internalTokenTtlS)
      .sign(key);
    const headers = { "x-user-id": identity.subject, "x-user-roles": identity.roles.join(","), "x-internal-token": token };
    signed.set(caller, { headers, issuedAtMs: issuedAt * 1000 });
    return headers;
  };
}
