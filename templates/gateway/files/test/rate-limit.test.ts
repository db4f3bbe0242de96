import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVICE, startGateway, startIdentityProvider, startUpstream, type IdentityProvider, type RunningGateway, type Upstream } from "./helpers.ts";

/** Each caller gets RATE_LIMIT_MAX requests per window: by token subject, else by client IP. */

const WINDOW_MS = 1_000;
let provider: IdentityProvider;
let upstream: Upstream;
let gateway: RunningGateway;

beforeAll(async () => {
  provider = await startIdentityProvider();
  upstream = await startUpstream();
  gateway = await startGateway(provider.jwksUrl, { [SERVICE]: upstream.url }, { RATE_LIMIT_MAX: "3", RATE_LIMIT_WINDOW_MS: String(WINDOW_MS), AUTH_PUBLIC_PATHS: `/v1/${SERVICE}/public` });
});
afterAll(async () => {
  await gateway.stop();
  await upstream.stop();
  await provider.stop();
});

const get = (path: string, token?: string) => fetch(`${gateway.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe("rate limiting", () => {
  it("answers 429 with a problem and Retry-After once a user used up the window, counts users apart, and lets the user in again after the window", async () => {
    const alice = await provider.sign({ sub: "alice" });
    const bob = await provider.sign({ sub: "bob" });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(`/v1/${SERVICE}/1`, alice)).status);
    expect(statuses).toEqual([200, 200, 200]);

    const limited = await get(`/v1/${SERVICE}/1`, alice);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ status: 429, title: "Too Many Requests" });
    // Another user, even from the same IP, has a window of their own.
    expect((await get(`/v1/${SERVICE}/1`, bob)).status).toBe(200);

    // The window passes (waited for, not timed): alice is let in again.
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 100));
    expect((await get(`/v1/${SERVICE}/1`, alice)).status).toBe(200);
  });

  it("counts callers without a token by IP, and never limits the probes", async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(`/v1/${SERVICE}/public/a`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    for (let i = 0; i < 5; i++) expect((await get("/healthz")).status).toBe(200);
  });
});
