import { SpanKind, SpanStatusCode, context, propagation, trace } from "@opentelemetry/api";
import CircuitBreaker from "opossum";
import { HttpProblem } from "../http/problem.ts";
import { SERVICE_NAME } from "../service.ts";

/**
 * The one way this service calls another over HTTP. Every call gets:
 * - a base URL from the environment (config.services, e.g. INVENTORY_URL), never a literal host;
 * - a timeout per attempt (AbortSignal);
 * - retries with jittered exponential backoff, for idempotent methods only
 *   (a POST is never sent twice);
 * - one opossum circuit breaker per target: after repeated failures calls
 *   fail fast and the caller's explicit fallback answers instead;
 * - a client span, and W3C trace context (traceparent) on the request.
 */

export interface ServiceClientOptions {
  /** The called service's name: names the breaker, the span and the errors. */
  target: string;
  baseUrl: string;
  timeoutMs: number;
  /** Extra tries after the first, for idempotent methods. */
  retries?: number;
  retryBaseDelayMs?: number;
  breaker?: {
    /** Share of failed calls (percent) in the rolling window that opens the breaker. */
    errorThresholdPercentage?: number;
    /** Calls in the window before the breaker may open at all. */
    volumeThreshold?: number;
    /** How long the breaker stays open before it lets one trial call through. */
    resetTimeoutMs?: number;
    rollingWindowMs?: number;
  };
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface CallOptions<T> {
  method: "GET" | "HEAD" | "OPTIONS" | "PUT" | "DELETE" | "POST" | "PATCH";
  /** Path under the target's base URL, e.g. /v1/inventory/42; values must already be encoded (use encodeURIComponent). */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * What to answer when the call fails (timeout, network error, 5xx, open
   * breaker). Required: every call site decides its degraded behaviour. It may
   * return a default, or rethrow (e.g. `unavailable`).
   */
  fallback: (error: Error) => T | Promise<T>;
}

/** A non-2xx answer. 4xx ones are the caller's mistake: they neither open the breaker nor reach the fallback. */
export class UpstreamHttpError extends Error {
  override name = "UpstreamHttpError";
  readonly target: string;
  readonly status: number;
  readonly body: unknown;
  constructor(target: string, status: number, body: unknown) {
    super(`${target} answered ${status}`);
    this.target = target;
    this.status = status;
    this.body = body;
  }
}

/** The usual fallback when there is no sensible default: answer 503 to our own caller. */
export function unavailable(target: string): (error: Error) => never {
  return (error) => {
    throw new HttpProblem(503, "Service Unavailable", `${target} is unavailable: ${error.message}`);
  };
}

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const isClientError = (error: unknown): boolean => error instanceof UpstreamHttpError && error.status < 500;

interface Call {
  options: CallOptions<unknown>;
}

const tracer = trace.getTracer(SERVICE_NAME);

export class ServiceClient {
  readonly target: string;
  readonly breaker: CircuitBreaker<[Call], unknown>;
  private readonly options: ServiceClientOptions;
  private readonly fetch: typeof fetch;

  constructor(options: ServiceClientOptions) {
    this.target = options.target;
    this.options = options;
    this.fetch = options.fetch ?? globalThis.fetch;
    const breaker = options.breaker ?? {};
    this.breaker = new CircuitBreaker((call: Call) => this.attempts(call.options), {
      name: options.target,
      timeout: false, // each attempt has its own AbortSignal timeout
      errorThresholdPercentage: breaker.errorThresholdPercentage ?? 50,
      volumeThreshold: breaker.volumeThreshold ?? 5,
      resetTimeout: breaker.resetTimeoutMs ?? 10_000,
      rollingCountTimeout: breaker.rollingWindowMs ?? 10_000,
      errorFilter: isClientError,
    });
    this.breaker.fallback((call: Call, error: Error) => call.options.fallback(error));
  }

  async request<T>(options: CallOptions<T>): Promise<T> {
    const call: Call = { options: options as CallOptions<unknown> };
    return (await this.breaker.fire(call)) as T;
  }

  /** Closes the breaker's timers (at shutdown). */
  shutdown(): void {
    this.breaker.shutdown();
  }

  private async attempts(options: CallOptions<unknown>): Promise<unknown> {
    const retries = IDEMPOTENT.has(options.method) ? (this.options.retries ?? 2) : 0;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.attempt(options);
      } catch (error) {
        const retryable = !(error instanceof UpstreamHttpError) || RETRYABLE_STATUS.has(error.status);
        if (!retryable || attempt >= retries) throw error;
        await (this.options.sleep ?? defaultSleep)(this.retryDelay(attempt));
      }
    }
  }

  /** "Full jitter": anywhere from 0 to base * 2^attempt, so retrying clients do not move in step. */
  private retryDelay(attempt: number): number {
    const base = this.options.retryBaseDelayMs ?? 100;
    return Math.round((this.options.random ?? Math.random)() * base * 2 ** attempt);
  }

  private async attempt(options: CallOptions<unknown>): Promise<unknown> {
    const url = new URL(options.path.replace(/^\//, ""), this.options.baseUrl.endsWith("/") ? this.options.baseUrl : `${this.options.baseUrl}/`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return tracer.startActiveSpan(
      `${options.method} ${this.target}`,
      { kind: SpanKind.CLIENT, attributes: { "http.request.method": options.method, "server.address": url.hostname, "peer.service": this.target } },
      async (span) => {
        const headers: Record<string, string> = { accept: "application/json", ...options.headers };
        propagation.inject(context.active(), headers);
        if (options.body !== undefined) headers["content-type"] = "application/json";
        try {
          const response = await this.fetch(url, {
            method: options.method,
            headers,
            body: options.body === undefined ? undefined : JSON.stringify(options.body),
            signal: AbortSignal.timeout(this.options.timeoutMs),
          });
          span.setAttribute("http.response.status_code", response.status);
          const text = await response.text();
          const body: unknown = text && (response.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : text || undefined;
          if (!response.ok) throw new UpstreamHttpError(this.target, response.status, body);
          return body;
        } catch (error) {
          const failure =
            error instanceof Error && error.name === "TimeoutError"
              ? new Error(`${this.target} did not answer within ${this.options.timeoutMs} ms`, { cause: error })
              : error;
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(failure) });
          throw failure;
        } finally {
          span.end();
        }
      },
    );
  }
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
