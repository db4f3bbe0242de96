import { FastifyOtelInstrumentation } from "@fastify/otel";
import { SpanKind } from "@opentelemetry/api";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVICE_NAME } from "../src/service.ts";
import { FASTIFY_TRACING } from "../src/telemetry.ts";
import { SERVICE, startGateway, startIdentityProvider, startUpstream, type IdentityProvider, type Upstream } from "./helpers.ts";

/**
 * The gateway's request span is the root of a caller's trace, and its context reaches the
 * service behind (W3C traceparent), so the service's spans join the same trace. The real
 * OpenTelemetry SDK runs here, with spans kept in memory instead of exported.
 */

interface FinishedSpan {
  name: string;
  kind: SpanKind;
  parentSpanContext?: { spanId: string };
  spanContext(): { traceId: string; spanId: string };
}

const finished: FinishedSpan[] = [];
let sdk: NodeSDK;
let instrumentation: FastifyOtelInstrumentation;
let provider: IdentityProvider;
let upstream: Upstream;

beforeAll(async () => {
  process.env.OTEL_METRICS_EXPORTER = "none";
  process.env.OTEL_LOGS_EXPORTER = "none";
  sdk = new NodeSDK({
    serviceName: SERVICE_NAME,
    instrumentations: [],
    spanProcessors: [{ onStart() {}, onEnd: (span: FinishedSpan) => void finished.push(span), forceFlush: async () => {}, shutdown: async () => {} }],
  });
  sdk.start();
  instrumentation = new FastifyOtelInstrumentation(FASTIFY_TRACING);
  instrumentation.enable();
  provider = await startIdentityProvider();
  upstream = await startUpstream();
});
afterAll(async () => {
  instrumentation.disable();
  await upstream.stop();
  await provider.stop();
  await sdk.shutdown();
});

describe("tracing through the gateway", () => {
  it("starts the trace at the gateway and sends its context to the service", async () => {
    const gateway = await startGateway(provider.jwksUrl, { [SERVICE]: upstream.url });
    const before = upstream.received.length;
    try {
      const response = await fetch(`${gateway.url}/v1/${SERVICE}/7`, { headers: { authorization: `Bearer ${await provider.sign()}` } });
      expect(response.status).toBe(200);
    } finally {
      await gateway.stop();
    }
    const span = finished.find((candidate) => candidate.kind === SpanKind.SERVER && candidate.name === `GET /v1/${SERVICE}/*`);
    expect(span).toBeDefined();
    // The root: nothing came in with the request.
    expect(span!.parentSpanContext).toBeUndefined();
    const traceparent = String(upstream.received[before]!.headers.traceparent);
    const [, traceId, parentId] = traceparent.split("-");
    expect(traceId).toBe(span!.spanContext().traceId);
    expect(parentId).toBe(span!.spanContext().spanId);
  });
});
