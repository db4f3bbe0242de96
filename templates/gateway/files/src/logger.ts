import { trace } from "@opentelemetry/api";
import { pino, type DestinationStream, type Logger } from "pino";
import { SERVICE_NAME } from "./service.ts";

/**
 * JSON logs on stdout, one line per event. Every line written while a span is
 * active carries its trace_id and span_id, so a log line leads to its trace.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: SERVICE_NAME },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const span = trace.getActiveSpan();
      if (!span) return {};
      const { traceId, spanId, traceFlags } = span.spanContext();
      return { trace_id: traceId, span_id: spanId, trace_flags: `0${traceFlags.toString(16)}` };
    },
    redact: { paths: ["req.headers.authorization", "req.headers.cookie"], censor: "[redacted]" },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
