import { createHmac } from "node:crypto";

/**
 * An x-internal-token as a generated gateway signs it (templates/gateway/files/src/auth/identity.ts:
 * HS256 with INTERNAL_TOKEN_SECRET, aud "internal", iss the gateway's name, a minute to live), for
 * tests that call a generated service the way the gateway does without running one.
 */
export function internalToken(secret: string, claims: { sub: string; roles?: string[]; iss?: string }): string {
  const encode = (part: object): string => Buffer.from(JSON.stringify(part)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const body = `${encode({ alg: "HS256", typ: "JWT" })}.${encode({ roles: claims.roles ?? [], sub: claims.sub, iss: claims.iss ?? "edge", aud: "internal", iat: now, exp: now + 60 })}`;
  return `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
}
