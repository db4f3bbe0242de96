import { register } from "node:module";
import type { FastifyOtelInstrumentationOpts } from "@fastify/otel";
import type { NodeSDK } from "@opentelemetry/sdk-node";
import { SERVICE_NAME } from "./service.ts";

/**
 * Tracing, started before the app is imported: `node --import ./dist/telemetry.js dist/server.js`.
 *
 * Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set. Then each request gets one SERVER span, named by
 * its route: a request from outside starts the trace there (the gateway is its root), and the
 * proxy and the aggregation put that span's traceparent on what they send upstream, so each
 * service's spans join the same trace. The SDK reads the other OTEL_* variables itself.
 */

let sdk: NodeSDK | undefined;

/** How incoming requests are traced (exported for the tests, which run the same instrumentation). */
export const FASTIFY_TRACING: FastifyOtelInstrumentationOpts = {
  registerOnInitialization: true,
  instrumentHooks: false,
  instrumentHandler: false,
  recordExceptions: false,
  requestHook: (span, request) => {
    const route = request.routeOptions.url;
    span.updateName(route ? `${request.method} ${route}` : request.method);
  },
};

const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
if (endpoint) {
  process.env.OTEL_METRICS_EXPORTER ??= "none";
  process.env.OTEL_LOGS_EXPORTER ??= "none";
  // ESM modules are patched through import-in-the-middle's loader hook.
  register("@opentelemetry/instrumentation/hook.mjs", import.meta.url);
  const [{ NodeSDK }, { FastifyOtelInstrumentation }] = await Promise.all([import("@opentelemetry/sdk-node"), import("@fastify/otel")]);
  sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME?.trim() || SERVICE_NAME,
    instrumentations: [new FastifyOtelInstrumentation(FASTIFY_TRACING)],
  });
  sdk.start();
}

/** Flushes buffered spans; called last in a graceful shutdown. */
export async function shutdownTelemetry(): Promise<void> {
  await sdk?.shutdown();
}
