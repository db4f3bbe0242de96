import { register } from "node:module";
import type { NodeSDK } from "@opentelemetry/sdk-node";
import { SERVICE_NAME } from "./service.ts";

/**
 * Tracing, started before the app is imported: `node --import ./dist/telemetry.js dist/server.js`.
 * Instrumentation patches modules as they load, so anything imported earlier
 * would not be traced.
 *
 * Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (an OTLP/HTTP collector, port 4318): then
 * spans for incoming requests (one SERVER span per request, named by its Fastify
 * route), outgoing HTTP, PostgreSQL (pg) and Kafka (@platformatic/kafka) go to
 * that OTLP/HTTP endpoint with service.name set.
 * The SDK reads the other OTEL_* variables itself (sampler, headers, ...).
 * This module reads process.env directly: config.ts is part of the app and
 * loads after it; config.ts still validates the same variables at start-up.
 */

let sdk: NodeSDK | undefined;

const PROBE_PATHS = new Set(["/healthz", "/readyz"]);

const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
if (endpoint) {
  // Traces only by default: logs already go to stdout as JSON, and metrics are opt-in
  // (set OTEL_METRICS_EXPORTER=otlp) so a traces-only backend such as Jaeger gets no stray requests.
  process.env.OTEL_METRICS_EXPORTER ??= "none";
  process.env.OTEL_LOGS_EXPORTER ??= "none";
  // ESM modules are patched through import-in-the-middle's loader hook.
  register("@opentelemetry/instrumentation/hook.mjs", import.meta.url);
  const [{ NodeSDK }, { OTLPTraceExporter }, { HttpInstrumentation }, { PgInstrumentation }, { FastifyOtelInstrumentation }, { KafkaInstrumentation }] =
    await Promise.all([
      import("@opentelemetry/sdk-node"),
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/instrumentation-http"),
      import("@opentelemetry/instrumentation-pg"),
      import("@fastify/otel"),
      import("@platformatic/kafka-opentelemetry"),
    ]);
  sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME?.trim() || SERVICE_NAME,
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      // Incoming requests get their span from Fastify below, which knows the route; a second
      // span per request from the http module cost a third of the throughput (npm run bench).
      new HttpInstrumentation({ disableIncomingRequestInstrumentation: true }),
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        // One span per request, not one per hook and handler: those doubled the cost of tracing
        // and duplicate what the request span already shows.
        instrumentHooks: false,
        instrumentHandler: false,
        // Probes hit these every few seconds; their spans would only crowd out real traces.
        ignorePaths: ({ url }) => PROBE_PATHS.has(url.split("?", 1)[0] ?? url),
        // "GET /v1/orders/:id" rather than "request": the name backends group and search by
        // (just the method when no route matched, as the HTTP semantic conventions say).
        requestHook: (span, request) => {
          const route = request.routeOptions.url;
          span.updateName(route ? `${request.method} ${route}` : request.method);
        },
      }),
      // Only queries inside a traced operation (a request, a consumed event): the relay's
      // polling would otherwise start a new trace twice a second.
      new PgInstrumentation({ requireParentSpan: true }),
      new KafkaInstrumentation(),
    ],
  });
  sdk.start();
}

/** Flushes buffered spans; called last in a graceful shutdown. */
export async function shutdownTelemetry(): Promise<void> {
  await sdk?.shutdown();
}
