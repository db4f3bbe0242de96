import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVICE, downUpstream, startGateway, startIdentityProvider, startUpstream, type IdentityProvider, type RunningGateway, type Upstream } from "./helpers.ts";

/**
 * Routing: /v1/<service>/* reaches that service unchanged, bodies streamed; a service that
 * is down gets a problem, then, once its circuit opens, a fast 503 without being called.
 */

let provider: IdentityProvider;
let token: string;

beforeAll(async () => {
  provider = await startIdentityProvider();
  token = await provider.sign();
});
afterAll(() => provider.stop());

describe("routing to a service", () => {
  let upstream: Upstream;
  let gateway: RunningGateway;
  beforeAll(async () => {
    upstream = await startUpstream();
    gateway = await startGateway(provider.jwksUrl, { [SERVICE]: upstream.url });
  });
  afterAll(async () => {
    await gateway.stop();
    await upstream.stop();
  });

  it("forwards method, path with its version, query, body and request id, and passes the answer back", async () => {
    const before = upstream.received.length;
    const body = JSON.stringify({ name: "x".repeat(100_000) });
    const response = await fetch(`${gateway.url}/v1/${SERVICE}/items?page=2`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "x-request-id": "req-123" },
      body,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("req-123");
    // The gateway's security headers on a proxied answer too.
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const got = upstream.received[before]!;
    expect(got).toMatchObject({ method: "POST", url: `/v1/${SERVICE}/items?page=2`, body });
    expect(got.headers["x-request-id"]).toBe("req-123");
  });

  it("gives a request without an id a new one, sent upstream and back", async () => {
    const before = upstream.received.length;
    const response = await fetch(`${gateway.url}/v1/${SERVICE}/1`, { headers: { authorization: `Bearer ${token}` } });
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(upstream.received[before]!.headers["x-request-id"]).toBe(id);
  });

  it("sends security headers, and CORS headers only to the origins CORS_ORIGINS allows", async () => {
    const response = await fetch(`${gateway.url}/healthz`, { headers: { origin: "https://app.example.test" } });
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=/);
    // None allowed by default.
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const open = await startGateway(provider.jwksUrl, { [SERVICE]: upstream.url }, { CORS_ORIGINS: "https://app.example.test" });
    try {
      const preflight = await fetch(`${open.url}/v1/${SERVICE}/1`, {
        method: "OPTIONS",
        headers: { origin: "https://app.example.test", "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example.test");
      const other = await fetch(`${open.url}/healthz`, { headers: { origin: "https://evil.example.test" } });
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await open.stop();
    }
  });

  it("answers 504 with a problem when the service takes longer than UPSTREAM_TIMEOUT_MS", async () => {
    const slow = await startGateway(provider.jwksUrl, { [SERVICE]: upstream.url }, { UPSTREAM_TIMEOUT_MS: "200", UPSTREAM_RETRIES: "0" });
    upstream.delay(2_000);
    try {
      const response = await fetch(`${slow.url}/v1/${SERVICE}/1`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(504);
      expect(await response.json()).toMatchObject({ status: 504, title: "Gateway Timeout", detail: `${SERVICE} did not answer in time` });
    } finally {
      upstream.delay(0);
      await slow.stop();
    }
  });

  it("passes a service's own error answer through, status and body", async () => {
    upstream.answerWith(404);
    try {
      const response = await fetch(`${gateway.url}/v1/${SERVICE}/missing`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ url: `/v1/${SERVICE}/missing` });
    } finally {
      upstream.answerWith(200);
    }
  });

  it("retries a GET whose connection dropped, and never a POST", async () => {
    upstream.dropNext(1);
    let before = upstream.received.length;
    const read = await fetch(`${gateway.url}/v1/${SERVICE}/1`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
    expect(upstream.received.slice(before).map((request) => request.method)).toEqual(["GET", "GET"]);

    upstream.dropNext(1);
    before = upstream.received.length;
    const write = await fetch(`${gateway.url}/v1/${SERVICE}/1`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: "{}" });
    expect(write.status).toBe(502);
    expect(write.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(upstream.received.slice(before).map((request) => request.method)).toEqual(["POST"]);
  });

  it("refuses a body over BODY_LIMIT_BYTES with a 413 problem, whether it declares its length or comes in chunks", async () => {
    const declared = await fetch(`${gateway.url}/v1/${SERVICE}/items`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "x".repeat(gateway.config.bodyLimitBytes) }),
    });
    expect(declared.status).toBe(413);
    expect(declared.headers.get("content-type")).toMatch(/^application\/problem\+json/);

    const half = new Uint8Array(Math.ceil(gateway.config.bodyLimitBytes / 2) + 1);
    const chunks = [half, half];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const chunked = await fetch(`${gateway.url}/v1/${SERVICE}/items`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await chunked.json()).toMatchObject({ status: 413, title: "Content Too Large" });
    // Neither reached the service whole.
    expect(upstream.received.filter((request) => request.method === "POST" && request.body.length > gateway.config.bodyLimitBytes)).toEqual([]);
  });

  it("answers a path outside every route with a 404 problem", async () => {
    const response = await fetch(`${gateway.url}/v1/no-such-service/1`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });
});

describe("a service that is down", () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway(provider.jwksUrl, { [SERVICE]: await downUpstream() }, { BREAKER_VOLUME: "3", BREAKER_ERROR_PERCENT: "50", BREAKER_RESET_MS: "60000", UPSTREAM_RETRIES: "0" });
  });
  afterAll(() => gateway.stop());

  it("gets 502 problems, then, once its circuit opens, an immediate 503 problem with Retry-After and no call", async () => {
    const get = () => fetch(`${gateway.url}/v1/${SERVICE}/1`, { headers: { authorization: `Bearer ${token}` } });
    const first = await get();
    expect(first.status).toBe(502);
    expect(await first.json()).toMatchObject({ status: 502, title: "Bad Gateway" });
    await get();
    await get();
    const open = await get();
    expect(open.status).toBe(503);
    expect(open.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(open.headers.get("retry-after")).toBe("60");
    expect(await open.json()).toMatchObject({ status: 503, title: "Service Unavailable", detail: expect.stringContaining(SERVICE) });
    const ready = (await (await fetch(`${gateway.url}/readyz`)).json()) as { checks: { circuits: Record<string, string> } };
    expect(ready.checks.circuits[SERVICE]).toBe("open");
  });
});

describe("a service that keeps failing", () => {
  let upstream: Upstream;
  let gateway: RunningGateway;
  beforeAll(async () => {
    upstream = await startUpstream();
    upstream.answerWith(500);
    gateway = await startGateway(provider.jwksUrl, { [SERVICE]: upstream.url }, { BREAKER_VOLUME: "3", BREAKER_RESET_MS: "60000", UPSTREAM_RETRIES: "0" });
  });
  afterAll(async () => {
    await gateway.stop();
    await upstream.stop();
  });

  it("gets its own 500s through until the circuit opens; then it is not called at all", async () => {
    const get = () => fetch(`${gateway.url}/v1/${SERVICE}/1`, { headers: { authorization: `Bearer ${token}` } });
    expect((await Promise.all([get(), get(), get()].map(async (response) => (await response).status)))).toEqual([500, 500, 500]);
    const calls = upstream.received.length;
    expect((await get()).status).toBe(503);
    expect((await get()).status).toBe(503);
    expect(upstream.received.length).toBe(calls);
  });
});
