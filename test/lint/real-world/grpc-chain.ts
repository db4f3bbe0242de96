import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "grpc-chain",
  mirrors:
    "npm-workspaces repo of three TypeScript services on Kubernetes (a Deployment and a Service each in namespace shop, addresses as cluster DNS names), the .proto files in a shared proto/ folder: a NestJS HTTP gateway calling catalog through ClientGrpc, a NestJS gRPC catalog (@GrpcMethod) whose injectable pricing client wraps an @grpc/grpc-js stub, and a plain @grpc/grpc-js pricing server whose method lives in its own module",
  services: [
    // gRPC only: its methods are topics, not routes.
    { name: "catalog", root: "services/catalog", routes: 0, datastores: [] },
    // GET /api/v1/products and GET /api/v1/products/:id (global prefix api/v1).
    { name: "gateway", root: "services/gateway", routes: 2, datastores: [] },
    { name: "pricing", root: "services/pricing", routes: 0, datastores: [] },
  ],
  libraries: [],
  // The handlers; the requests (gateway → CatalogService/GetProduct and /ListProducts, catalog → PricingService/Quote)
  // are calls of the model, to the service their cluster DNS address names (model/grpc.ts).
  topics: [
    { service: "catalog", system: "grpc", topic: "CatalogService/GetProduct", role: "consume" },
    { service: "catalog", system: "grpc", topic: "CatalogService/ListProducts", role: "consume" },
    { service: "pricing", system: "grpc", topic: "PricingService/Quote", role: "consume" },
  ],
  findings: [
    // Opening a product waits on catalog, which waits on pricing (every read asks it for the price).
    // Listing products is one hop: catalog lists without prices.
    {
      rule: "sync-call-chain",
      services: "gateway,catalog,pricing",
      at: "services/gateway/src/products/products.controller.ts:26",
      hops: [
        "services/gateway/src/products/products.controller.ts:24", // gateway GET /api/v1/products/:id is handled here
        "services/gateway/src/products/products.controller.ts:26", // this.catalog.getProduct, a ClientGrpc stub
        "services/catalog/src/catalog/catalog.controller.ts:14", // @GrpcMethod("CatalogService", "GetProduct")
        "services/catalog/src/catalog/catalog.controller.ts:18", // this.pricing.quote(): the injected PricingClient
        "services/catalog/src/pricing/pricing.client.ts:23", // the promise's executor
        "services/catalog/src/pricing/pricing.client.ts:24", // this.stub.quote: the @grpc/grpc-js client member
        "services/pricing/src/server.ts:10", // addService(PricingService, { quote }), quote from ./quote
      ],
    },
    // unprotected-call: no stub call sets a deadline (call options, an interceptor, RxJS's timeout) or runs behind a breaker.
    { rule: "unprotected-call", services: "catalog", at: "services/catalog/src/pricing/pricing.client.ts:24" }, // this.stub.quote(...) while handling CatalogService/GetProduct
    { rule: "unprotected-call", services: "gateway", at: "services/gateway/src/products/products.controller.ts:20" }, // firstValueFrom(this.catalog.listProducts(...))
    { rule: "unprotected-call", services: "gateway", at: "services/gateway/src/products/products.controller.ts:26" }, // firstValueFrom(this.catalog.getProduct(...))
    // missing-tracing: no service starts a tracer (no SDK in its code, no --require/--import in its scripts or Dockerfile, no NODE_OPTIONS).
    { rule: "missing-tracing", services: "catalog", at: "services/catalog/src/main.ts:1" }, // catalog serves gRPC CatalogService/GetProduct
    { rule: "missing-tracing", services: "gateway", at: "services/gateway/src/main.ts:1" }, // gateway serves GET /api/v1/products
    { rule: "missing-tracing", services: "pricing", at: "services/pricing/src/server.ts:1" }, // pricing serves gRPC PricingService/Quote
  ],
  diagnostics: [],
};

export default expected;
