import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMergedDocument, cachedMergedDocument } from "../src/openapi/serve.ts";
import { ROUTES } from "../src/service.ts";
import { downUpstream, startGateway, startIdentityProvider } from "./helpers.ts";

/**
 * One OpenAPI document for the whole API at /v1/openapi.json, made from the services'
 * own documents: their paths where the gateway routes them, their schemas kept apart,
 * and what it can still describe when a service is down.
 */

interface DocumentServer {
  url: string;
  /** How many times the document was asked for. */
  requests(): number;
  stop(): Promise<void>;
}

/** A service's document as a generated service serves it: its routes under /v1/<service>, a schema named Item. */
function documentOf(service: string, itemProperty: string): object {
  return {
    openapi: "3.1.0",
    info: { title: service, version: "v1" },
    components: { schemas: { Item: { type: "object", required: [itemProperty], properties: { [itemProperty]: { type: "string" } } } } },
    paths: {
      [`/v1/${service}/{id}`]: {
        get: {
          parameters: [{ in: "path", name: "id", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "one", content: { "application/json": { schema: { $ref: "#/components/schemas/Item" } } } } },
        },
      },
      [`/v1/${service}`]: { post: { responses: { "201": { description: "created" } } } },
      // Not routed by the gateway: left out of the merged document.
      "/healthz": { get: { responses: { "200": { description: "alive" } } } },
    },
  };
}

async function serveDocument(document: object): Promise<DocumentServer> {
  let requests = 0;
  const server: Server = createServer((request, response) => {
    if (request.url !== "/v1/openapi.json") return void response.writeHead(404).end();
    requests += 1;
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(document));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let orders: DocumentServer;
let inventory: DocumentServer;
beforeAll(async () => {
  orders = await serveDocument(documentOf("orders", "orderNumber"));
  inventory = await serveDocument(documentOf("inventory", "sku"));
});
afterAll(async () => {
  await orders.stop();
  await inventory.stop();
});

describe("the merged OpenAPI document", () => {
  it("has each service's paths where the gateway routes them, and keeps two schemas of one name apart", async () => {
    const { document, warnings } = await buildMergedDocument({
      upstreams: [{ service: "orders", baseUrl: orders.url }, { service: "inventory", baseUrl: inventory.url }],
      aggregated: ["orders", "inventory"],
      timeoutMs: 2_000,
    });
    expect(warnings).toEqual([]);
    expect(document["x-warnings"]).toBeUndefined();
    const paths = document.paths as Record<string, { get?: { tags?: string[]; responses: Record<string, { content: Record<string, { schema: unknown }> }> } }>;
    expect(Object.keys(paths).sort()).toEqual(["/v1/inventory", "/v1/inventory/{id}", "/v1/orders", "/v1/orders/{id}", "/v1/overview/{id}"]);
    const components = document.components as { schemas: Record<string, { required: string[] }>; securitySchemes: Record<string, unknown> };
    expect(Object.keys(components.schemas).sort()).toEqual(["inventory_Item", "orders_Item"]);
    expect(components.schemas.orders_Item!.required).toEqual(["orderNumber"]);
    expect(components.schemas.inventory_Item!.required).toEqual(["sku"]);
    // Each service's references follow its own schema.
    expect(paths["/v1/orders/{id}"]!.get!.responses["200"]!.content["application/json"]!.schema).toEqual({ $ref: "#/components/schemas/orders_Item" });
    expect(paths["/v1/inventory/{id}"]!.get!.responses["200"]!.content["application/json"]!.schema).toEqual({ $ref: "#/components/schemas/inventory_Item" });
    expect(paths["/v1/inventory/{id}"]!.get!.tags).toContain("inventory");
    expect(document).toMatchObject({ openapi: "3.1.0", security: [{ bearer: [] }] });
    expect(components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("describes the services that answered and warns about one that is down, rather than failing", async () => {
    const down = await downUpstream();
    const { document, warnings } = await buildMergedDocument({
      upstreams: [{ service: "orders", baseUrl: orders.url }, { service: "inventory", baseUrl: down }],
      aggregated: [],
      timeoutMs: 2_000,
    });
    expect(Object.keys(document.paths ?? {}).sort()).toEqual(["/v1/orders", "/v1/orders/{id}"]);
    expect(warnings).toEqual(["inventory: could not be reached; its paths are left out"]);
    expect(document["x-warnings"]).toEqual(warnings);
  });

  it("leaves out a service whose document does not merge (another OpenAPI version), with a warning", async () => {
    const older = await serveDocument({ ...documentOf("inventory", "sku"), openapi: "3.0.3" });
    try {
      const { document, warnings } = await buildMergedDocument({
        upstreams: [{ service: "orders", baseUrl: orders.url }, { service: "inventory", baseUrl: older.url }],
        aggregated: [],
        timeoutMs: 2_000,
      });
      expect(Object.keys(document.paths ?? {}).sort()).toEqual(["/v1/orders", "/v1/orders/{id}"]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^inventory: its document could not be merged \(.*3\.0/);
    } finally {
      await older.stop();
    }
  });

  it("is rebuilt at most once per TTL, by one caller at a time", async () => {
    let clock = 0;
    let builds = 0;
    const document = cachedMergedDocument(async () => ({ document: { openapi: "3.1.0", build: ++builds }, warnings: [] }), 30_000, () => clock);
    const [first, second] = await Promise.all([document(), document()]);
    expect(first).toBe(second);
    clock = 29_999;
    expect((await document()).document.build).toBe(1);
    clock = 30_000;
    expect((await document()).document.build).toBe(2);
  });

  it("is served at /v1/openapi.json with a token, cached, and with a warning for each routed service that is down", async () => {
    const provider = await startIdentityProvider();
    const down = await downUpstream();
    // The first routed service serves its document; every other one is down.
    const first = await serveDocument(documentOf(ROUTES[0], "id"));
    const upstreams = Object.fromEntries(ROUTES.map((service, index) => [service, index === 0 ? first.url : down]));
    const gateway = await startGateway(provider.jwksUrl, upstreams);
    try {
      expect((await fetch(`${gateway.url}/v1/openapi.json`)).status).toBe(401);
      const ask = async () => fetch(`${gateway.url}/v1/openapi.json`, { headers: { authorization: `Bearer ${await provider.sign()}` } });
      const response = await ask();
      expect(response.status).toBe(200);
      const document = (await response.json()) as { paths: Record<string, unknown>; "x-warnings"?: string[] };
      expect(Object.keys(document.paths).sort()).toEqual([`/v1/${ROUTES[0]}`, `/v1/${ROUTES[0]}/{id}`, "/v1/overview/{id}"].sort());
      expect(document["x-warnings"] ?? []).toEqual(ROUTES.slice(1).map((service) => `${service}: could not be reached; its paths are left out`));
      // Kept for OPENAPI_CACHE_TTL_MS (30 s by default): asked again, the service is not.
      expect((await ask()).status).toBe(200);
      expect(first.requests()).toBe(1);
    } finally {
      await gateway.stop();
      await first.stop();
      await provider.stop();
    }
  });
});
