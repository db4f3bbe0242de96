import { LRUCache } from "lru-cache";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
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

/**
 * A verified token, kept by its exact text so that the caller's next requests skip the signature
 * check (most of the CPU a request costs the gateway): a caller sends one token many times.
 */
interface Verified {
  identity: Identity;
  /** exp and nbf, with the clock tolerance, in ms: checked on every request as at the first. */
  expiresAtMs: number;
  notBeforeMs: number;
  /** The key id it was verified with: it stays valid only while the identity provider still publishes that key. */
  kid: string | undefined;
}

/** Bounds the memory (10,000 tokens of about 1 KB) and how long a cached verdict outlives a change of keys the gateway has not fetched yet. */
export const VERIFIED_TOKENS = { max: 10_000, ttlMs: 60_000 };

export function createTokenVerifier(auth: AuthConfig, now: () => number = Date.now): VerifyToken {
  const options = { issuer: auth.issuer, audience: auth.audience, clockTolerance: auth.clockToleranceS, requiredClaims: ["sub", "exp"] };
  let verify: (token: string) => Promise<{ payload: JWTPayload; protectedHeader: { kid?: string } }>;
  /** Whether a key id is still among the keys the gateway trusts now. */
  let published: (kid: string | undefined) => boolean;
  let refreshKeys = () => {};
  if (auth.jwksUrl !== undefined) {
    // Keys are fetched once and cached; a token signed with a key id the cache does not know
    // (the provider rotated its keys) makes it fetch the set again, at most once per cooldown.
    const keys = createRemoteJWKSet(new URL(auth.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: auth.jwksCooldownMs, cacheMaxAge: 600_000 });
    verify = (token) => jwtVerify(token, keys, { ...options, currentDate: new Date(now()), algorithms: JWKS_ALGORITHMS });
    // A key the provider withdrew ends its cached tokens: the set of published key ids is read
    // again after each full verification, the only time jose fetches the keys (jwks() copies
    // the whole set, so not once a request). A cached token is fully verified again at least
    // every VERIFIED_TOKENS.ttlMs, so the keys are still fetched as often as before.
    let kids = new Set<string>();
    refreshKeys = () => void (kids = new Set((keys.jwks()?.keys ?? []).flatMap((key) => (key.kid === undefined ? [] : [key.kid]))));
    published = (kid) => kid !== undefined && kids.has(kid);
  } else {
    const secret = new TextEncoder().encode(auth.jwtSecret ?? "");
    verify = (token) => jwtVerify(token, secret, { ...options, currentDate: new Date(now()), algorithms: ["HS256"] });
    published = () => true;
  }
  const verified = new LRUCache<string, Verified>({ max: VERIFIED_TOKENS.max, ttl: VERIFIED_TOKENS.ttlMs });
  const toleranceMs = auth.clockToleranceS * 1000;
  return async (token) => {
    const known = verified.get(token);
    if (known) {
      const time = now();
      if (time < known.expiresAtMs && time >= known.notBeforeMs && published(known.kid)) return known.identity;
      verified.delete(token);
    }
    let result: Awaited<ReturnType<typeof verify>>;
    try {
      result = await verify(token);
    } catch (error) {
      // jose's errors say what was wrong (expired, audience, signature) without echoing the token.
      throw new InvalidToken(error instanceof Error ? error.message : "invalid token");
    } finally {
      refreshKeys();
    }
    const { payload, protectedHeader } = result;
    const identity = { subject: String(payload.sub), roles: rolesOf(payload[auth.rolesClaim]) };
    // A token without a key id cannot be tied to a published key: verified every time.
    if (published(protectedHeader.kid)) {
      verified.set(token, {
        identity,
        expiresAtMs: payload.exp! * 1000 + toleranceMs,
        notBeforeMs: payload.nbf === undefined ? 0 : payload.nbf * 1000 - toleranceMs,
        kid: protectedHeader.kid,
      });
    }
    return identity;
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
