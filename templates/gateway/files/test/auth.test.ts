import { SignJWT, UnsecuredJWT, decodeJwt, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { INTERNAL_AUDIENCE, createIdentityHeaders } from "../src/auth/identity.ts";
import { InvalidToken, createTokenVerifier } from "../src/auth/verify-token.ts";
import { SERVICE_NAME } from "../src/service.ts";
import { AUDIENCE, INTERNAL_SECRET, ISSUER, SERVICE, startGateway, startIdentityProvider, startUpstream, type IdentityProvider, type RunningGateway, type Upstream } from "./helpers.ts";

/**
 * The caller's token is checked once, here, against the identity provider's JWKS; the
 * service behind gets the identity in headers the gateway set, never ones a client sent.
 */

let provider: IdentityProvider;
let upstream: Upstream;
let gateway: RunningGateway;

beforeAll(async () => {
  provider = await startIdentityProvider();
  upstream = await startUpstream();
  gateway = await startGateway(provider.jwksUrl, { [SERVICE]: upstream.url }, { AUTH_PUBLIC_PATHS: `/v1/${SERVICE}/public` });
});
afterAll(async () => {
  await gateway.stop();
  await upstream.stop();
  await provider.stop();
});

const call = (path: string, headers: Record<string, string> = {}) => fetch(`${gateway.url}${path}`, { headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function expectUnauthorized(response: Response, detail: RegExp): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  expect(await response.json()).toMatchObject({ status: 401, title: "Unauthorized", detail: expect.stringMatching(detail) });
}

describe("authentication at the gateway", () => {
  it("passes a request with a valid token to the service, with the caller's identity and a token the gateway signed", async () => {
    const before = upstream.received.length;
    const response = await call(`/v1/${SERVICE}/42?expand=items`, bearer(await provider.sign({ roles: ["reader", "admin"] })));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ url: `/v1/${SERVICE}/42?expand=items`, user: "user-1" });
    const got = upstream.received[before]!;
    expect(got.headers).toMatchObject({ "x-user-id": "user-1", "x-user-roles": "reader,admin" });
    // The caller's token stays at the edge.
    expect(got.headers.authorization).toBeUndefined();
    const internal = await jwtVerify(String(got.headers["x-internal-token"]), new TextEncoder().encode(INTERNAL_SECRET), { issuer: SERVICE_NAME, audience: INTERNAL_AUDIENCE });
    expect(internal.payload).toMatchObject({ sub: "user-1", roles: ["reader", "admin"] });
    expect(internal.payload.exp! - internal.payload.iat!).toBe(gateway.config.auth.internalTokenTtlS);
  });

  it("refuses a request without a token, with a 401 problem, and never calls the service", async () => {
    const before = upstream.received.length;
    await expectUnauthorized(await call(`/v1/${SERVICE}/42`), /bearer token is required/);
    expect(upstream.received.length).toBe(before);
  });

  it("refuses an expired token, even within a generous margin of the clock tolerance", async () => {
    const expired = await provider.sign({}, { expiresIn: "-1m" });
    await expectUnauthorized(await call(`/v1/${SERVICE}/42`, bearer(expired)), /"exp" claim/);
  });

  it("accepts a token that expired within the clock tolerance", async () => {
    const justExpired = await provider.sign({}, { expiresIn: "-2s" });
    expect((await call(`/v1/${SERVICE}/42`, bearer(justExpired))).status).toBe(200);
  });

  it("refuses a token for another audience, and one from another issuer", async () => {
    await expectUnauthorized(await call(`/v1/${SERVICE}/42`, bearer(await provider.sign({ aud: "another-api" }))), /"aud" claim/);
    await expectUnauthorized(await call(`/v1/${SERVICE}/42`, bearer(await provider.sign({ iss: "https://elsewhere.test" }))), /"iss" claim/);
  });

  it("refuses an unsigned token (alg none), one signed with a key the provider never published, and an HS256 token", async () => {
    const unsigned = new UnsecuredJWT({ roles: ["admin"] }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject("user-1").setExpirationTime("5m").encode();
    await expectUnauthorized(await call(`/v1/${SERVICE}/42`, bearer(unsigned)), /invalid token/);
    await expectUnauthorized(await call(`/v1/${SERVICE}/42`, bearer(await provider.sign({}, { key: provider.strangerKey }))), /invalid token/);
    const hmac = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject("user-1").setExpirationTime("5m").sign(new TextEncoder().encode(INTERNAL_SECRET));
    await expectUnauthorized(await call(`/v1/${SERVICE}/42`, bearer(hmac)), /invalid token/);
  });

  it("strips identity headers a client sent: a spoofed x-user-id never reaches the service", async () => {
    const spoofed = { "x-user-id": "admin", "x-user-roles": "admin", "x-internal-token": "forged" };
    let before = upstream.received.length;
    expect((await call(`/v1/${SERVICE}/1`, { ...spoofed, ...bearer(await provider.sign()) })).status).toBe(200);
    expect(upstream.received[before]!.headers).toMatchObject({ "x-user-id": "user-1", "x-user-roles": "reader" });
    expect(upstream.received[before]!.headers["x-internal-token"]).not.toBe("forged");

    // On a public path without a token, the service gets no identity at all.
    before = upstream.received.length;
    expect((await call(`/v1/${SERVICE}/public/menu`, spoofed)).status).toBe(200);
    const headers = upstream.received[before]!.headers;
    expect([headers["x-user-id"], headers["x-user-roles"], headers["x-internal-token"]]).toEqual([undefined, undefined, undefined]);
  });

  it("fetches the keys once, and again when the provider rotated them (a token with a new key id)", async () => {
    const rotating = await startIdentityProvider();
    const rotated = await startGateway(rotating.jwksUrl, { [SERVICE]: upstream.url }, { AUTH_JWKS_COOLDOWN_MS: "0" });
    try {
      for (let i = 0; i < 3; i++) expect((await fetch(`${rotated.url}/v1/${SERVICE}/1`, { headers: bearer(await rotating.sign()) })).status).toBe(200);
      expect(rotating.fetches()).toBe(1);
      // Verified, so kept: it must still stop working once its key is withdrawn.
      const before = await rotating.sign({ sub: "user-before" });
      expect((await fetch(`${rotated.url}/v1/${SERVICE}/1`, { headers: bearer(before) })).status).toBe(200);
      await rotating.rotate();
      expect((await fetch(`${rotated.url}/v1/${SERVICE}/1`, { headers: bearer(await rotating.sign()) })).status).toBe(200);
      expect(rotating.fetches()).toBe(2);
      // The old key is no longer published: its tokens stop working.
      expect((await fetch(`${rotated.url}/v1/${SERVICE}/1`, { headers: bearer(before) })).status).toBe(401);
    } finally {
      await rotated.stop();
      await rotating.stop();
    }
  });

  it("serves the probes and the configured public paths without a token", async () => {
    expect((await call("/healthz")).status).toBe(200);
    expect((await call("/readyz")).status).toBe(200);
    expect((await call(`/v1/${SERVICE}/public`)).status).toBe(200);
    // A prefix is a path segment, not a string prefix.
    await expectUnauthorized(await call(`/v1/${SERVICE}/publicity`), /bearer token is required/);
  });
});

describe("the work done once per caller, not once per request", () => {
  it("checks a token's signature once, then knows it by its text while it is cached", async () => {
    const verifySignature = vi.spyOn(crypto.subtle, "verify");
    try {
      const token = await provider.sign({ sub: "user-cached" });
      for (let i = 0; i < 3; i++) expect((await call(`/v1/${SERVICE}/1`, bearer(token))).status).toBe(200);
      expect(verifySignature).toHaveBeenCalledTimes(1);
      // Another token is checked in full.
      expect((await call(`/v1/${SERVICE}/1`, bearer(await provider.sign({ sub: "user-other" })))).status).toBe(200);
      expect(verifySignature).toHaveBeenCalledTimes(2);
    } finally {
      verifySignature.mockRestore();
    }
  });

  it("refuses a known token once it expires (exp and the clock tolerance checked on every request)", async () => {
    let clock = Date.now();
    const verify = createTokenVerifier({ ...gateway.config.auth, clockToleranceS: 5 }, () => clock);
    const token = await provider.sign({}, { expiresIn: "60s" });
    const exp = decodeJwt(token).exp! * 1000;
    expect((await verify(token)).subject).toBe("user-1");
    clock = exp + 4_999;
    expect((await verify(token)).subject).toBe("user-1");
    clock = exp + 5_000;
    await expect(verify(token)).rejects.toThrow(InvalidToken);
    await expect(verify(token)).rejects.toThrow(/"exp" claim/);
  });

  it("signs one internal token per caller and reuses it for the first half of its lifetime only", async () => {
    let clock = Date.parse("2030-01-01T00:00:00Z");
    const ttlS = gateway.config.auth.internalTokenTtlS;
    const headers = createIdentityHeaders(gateway.config.auth, () => clock);
    const reader = { subject: "user-1", roles: ["reader"] };
    const first = await headers(reader);
    clock += (ttlS * 1000) / 2 - 1;
    expect(await headers(reader)).toEqual(first);
    // Other roles are another caller.
    expect((await headers({ ...reader, roles: ["admin"] }))["x-internal-token"]).not.toBe(first["x-internal-token"]);
    clock += 1;
    const renewed = (await headers(reader))["x-internal-token"]!;
    expect(renewed).not.toBe(first["x-internal-token"]);
    const { iat, exp } = decodeJwt(renewed);
    expect([iat, exp]).toEqual([clock / 1000, clock / 1000 + ttlS]);
  });
});
