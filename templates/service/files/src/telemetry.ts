import { register } from "node:module";
import type { NodeSDK } from "@opentelemetry/sdk-node";
import { SERVICE_NAME } from "./service.ts";

/**
 * Tracing, started before the app is imported: `node --import ./dist/telemetry.js dist/server.js`.
 * Instrumentation patches modules as they load, so anything imported earlier
 * would not be traced.
 *
 * Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (an OTLP/HTTP collector, port 4318): then
 * spans for incoming HTTP (http + Fastify routes), PostgreSQL (pg) and Kafka
 * (@platformatic/kafka) go to that OTLP/HTTP endpoint with service.name set.
 * The SDK reads the other OTEL_* variables itself (sampler, headers, ...).
 * This module reads process.env directly: config.ts is part of the app and
 * loads after it; config.ts still validates the same variables at start-up.
 */

let sdk: NodeSDK | undefined;

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
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => request.url === "/healthz" || request.url === "/readyz" }),
      new FastifyOtelInstrumentation({ registerOnInitialization: true }),
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
