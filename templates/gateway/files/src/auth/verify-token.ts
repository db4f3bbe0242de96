import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { AuthConfig } from "../config.ts";

/**
 * Verifies a caller's bearer token once, at the edge: signature (against the identity
 * provider's JWKS, or a shared secret in local development), issuer, audience, expiry and
 * not-before with a little clock tolerance. The services behind trust the gateway instead.
 */

export interface Identity {
  /** The token's subject: the user (or client) the request is made for. */
  subject: string;
  roles: string[];
}

export type VerifyToken = (token: string) => Promise<Identity>;

/** The token is missing, malformed, expired, for someone else or not signed by a key we trust. */
export class InvalidToken extends Error {
  override name = "InvalidToken";
}

// Asymmetric algorithms an identity provider signs with; "none" and HMAC with a public key are never accepted.
const JWKS_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];

export function createTokenVerifier(auth: AuthConfig): VerifyToken {
  const options = { issuer: auth.issuer, audience: auth.audience, clockTolerance: auth.clockToleranceS, requiredClaims: ["sub", "exp"] };
  let verify: (token: string) => Promise<JWTPayload>;
  if (auth.jwksUrl !== undefined) {
    // Keys are fetched once and cached; a token signed with a key id the cache does not know
    // (the provider rotated its keys) makes it fetch the set again, at most once per cooldown.
    const keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(auth.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: auth.jwksCooldownMs, cacheMaxAge: 600_000 });
    verify = async (token) => (await jwtVerify(token, keys, { ...options, algorithms: JWKS_ALGORITHMS })).payload;
  } else {
    const secret = new TextEncoder().encode(auth.jwtSecret ?? "");
    verify = async (token) => (await jwtVerify(token, secret, { ...options, algorithms: ["HS256"] })).payload;
  }
  return async (token) => {
    let payload: JWTPayload;
    try {
      payload = await verify(token);
    } catch (error) {
      // jose's errors say what was wrong (expired, audience, signature) without echoing the token.
      throw new InvalidToken(error instanceof Error ? error.message : "invalid token");
    }
    return { subject: String(payload.sub), roles: rolesOf(payload[auth.rolesClaim]) };
  };
}

/** A list of roles, or the space-separated string OAuth scopes use; anything else is no roles. */
function rolesOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((role): role is string => typeof role === "string" && /^[\w.:-]+$/.test(role));
  if (typeof claim === "string") return claim.split(" ").filter((role) => /^[\w.:-]+$/.test(role));
  return [];
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(header?.trim() ?? "");
  return match?.[1];
}
