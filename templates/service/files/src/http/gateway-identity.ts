import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errors, jwtVerify } from "jose";
import type { GatewayTrustConfig } from "../config.ts";
import { sendProblem } from "./problem.ts";

/**
 * The service trusts the API gateway in front of it (create-service --template gateway): the
 * gateway verifies each caller's token once and passes who the caller is in x-internal-token, a
 * JWT it signs with its INTERNAL_TOKEN_SECRET (HS256, audience "internal", valid for seconds).
 * Every request but the probes and the public paths must carry a valid one, so a request sent
 * straight to the service, past the gateway, is refused; the caller it names is request.user.
 * The x-user-id and x-user-roles headers the gateway also sends are never read: anyone who
 * reaches the service directly could write them.
 */

/** The header the gateway puts its token in, and the audience it signs it for. */
export const INTERNAL_TOKEN_HEADER = "x-internal-token";
export const INTERNAL_AUDIENCE = "internal";

/** The caller a request is made for, as the gateway verified it. */
export interface User {
  /** The subject of the caller's token at the gateway. */
  id: string;
  roles: string[];
}

declare module "fastify" {
  interface FastifyRequest {
    /** The caller; undefined on a public path without the gateway's token, and when the check is off. */
    user?: User;
  }
}

/** The token is missing, expired, not signed with the gateway's secret, or not meant for us. */
class NotFromGateway extends Error {}

export function isPublicPath(path: string, publicPaths: readonly string[]): boolean {
  return publicPaths.some((prefix) => path === prefix || path.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`));
}

/**
 * Registers the check on `app`. `alwaysPublic` are the paths the platform needs without a token
 * (the probes) and those that hold no data (the OpenAPI document); the configured public paths
 * come on top. Without a secret (development only: config.ts refuses that in production) nothing
 * is checked, request.user stays unset, and one line in the log says so.
 */
export function registerGatewayIdentity(app: FastifyInstance, trust: GatewayTrustConfig, alwaysPublic: readonly string[]): void {
  app.decorateRequest("user", undefined);
  if (trust.secret === undefined) {
    app.log.warn("INTERNAL_TOKEN_SECRET is unset: requests are served without the gateway's token and request.user stays unset (development only; NODE_ENV=production requires it)");
    return;
  }
  const key = new TextEncoder().encode(trust.secret);
  const publicPaths = [...alwaysPublic, ...trust.publicPaths];
  const verify = async (token: string): Promise<User> => {
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ["HS256"],
        audience: INTERNAL_AUDIENCE,
        ...(trust.issuer !== undefined ? { issuer: trust.issuer } : {}),
        clockTolerance: trust.clockToleranceS,
        requiredClaims: ["sub", "exp"],
      });
      return { id: String(payload.sub), roles: Array.isArray(payload.roles) ? payload.roles.filter((role): role is string => typeof role === "string") : [] };
    } catch (error) {
      // jose says what was wrong (expired, signature, audience) without echoing the token.
      if (error instanceof errors.JOSEError) throw new NotFromGateway(error.message);
      throw error;
    }
  };

  app.addHook("onRequest", async function verifyGatewayToken(request, reply) {
    const path = request.url.split("?")[0] ?? "/";
    const open = isPublicPath(path, publicPaths);
    const header = request.headers[INTERNAL_TOKEN_HEADER];
    if (header === undefined || header === "") {
      if (open) return;
      return refuse(request, reply, `${INTERNAL_TOKEN_HEADER} is missing: requests reach this service through the API gateway`);
    }
    try {
      // Two copies of the header are no token at all.
      if (typeof header !== "string") throw new NotFromGateway(`more than one ${INTERNAL_TOKEN_HEADER} header`);
      request.user = await verify(header.trim());
    } catch (error) {
      if (!(error instanceof NotFromGateway)) throw error;
      if (open) return;
      return refuse(request, reply, `${INTERNAL_TOKEN_HEADER} is not a valid token of the API gateway: ${error.message}`);
    }
    // Every line logged for this request (its "request completed" included) says whom it was for.
    request.log = request.log.child({ userId: request.user.id });
    reply.log = request.log;
  });
}

function refuse(request: FastifyRequest, reply: FastifyReply, detail: string): FastifyReply {
  reply.header("www-authenticate", `Bearer realm="internal", error="invalid_token"`);
  return sendProblem(request, reply, { type: "about:blank", title: "Unauthorized", status: 401, detail });
}
