import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "grpc-polyglot-k8s",
  mirrors: "polyglot gRPC services under src/ (Node, Go, Python), one Deployment and Service each, built by Skaffold",
  services: [
    // Go; REDIS_HOST=redis-cart in its Deployment names the Redis it keeps carts in.
    { name: "cartservice", root: "src/cartservice", language: "go", routes: 0, datastores: ["redis://redis-cart:6379/0"] },
    { name: "checkoutservice", root: "src/checkoutservice", language: "go", routes: 0, datastores: [] },
    // Node gRPC servers (@grpc/grpc-js, each with its copy of the .proto, as genproto.sh leaves it): no HTTP route,
    // but services all the same (a Deployment and an artifact run them), each serving one RPC.
    { name: "currencyservice", root: "src/currencyservice", routes: 0, datastores: [] },
    { name: "emailservice", root: "src/emailservice", language: "python", routes: 0, datastores: [] },
    { name: "paymentservice", root: "src/paymentservice", routes: 0, datastores: [] },
    // redis-cart is a datastore container, not a service.
  ],
  libraries: [],
  // The two Node gRPC servers (`server.addService(shop.X.service, { method })`): request-reply topics of system grpc.
  topics: [
    { service: "currencyservice", system: "grpc", topic: "CurrencyService/Convert", role: "consume" },
    { service: "paymentservice", system: "grpc", topic: "PaymentService/Charge", role: "consume" },
  ],
  findings: [
    // missing-tracing: no service starts a tracer (no SDK in its code, no --require/--import in its scripts or Dockerfile, no NODE_OPTIONS).
    { rule: "missing-tracing", services: "currencyservice", at: "src/currencyservice/server.js:1" }, // currencyservice serves gRPC CurrencyService/Convert
    { rule: "missing-tracing", services: "paymentservice", at: "src/paymentservice/index.js:1" }, // paymentservice serves gRPC PaymentService/Charge
  ],
  // Both Node gRPC servers are read (their methods are topics above): nothing left unexplained.
  diagnostics: [],
};

export default expected;
