import type { FastifyInstance } from "fastify";
import { API_PREFIX } from "../service.ts";
import { gatewayDocument, mergeDocuments, type Merged, type OpenApiDocument, type ServiceDocument } from "./merge.ts";

/**
 * GET /v1/openapi.json: the merged document of the gateway and the services behind it.
 * Each service's own document (GET <base>/v1/openapi.json) is fetched when the merged one is
 * asked for and kept for OPENAPI_CACHE_TTL_MS, so a page of API docs reloading does not reach
 * every service each time, and a deployed change shows within that time. A service that is
 * down, slow or serves something else leaves its paths out with a warning: the rest of the API
 * is still described (200, never a 500 because one service is away).
 */

export interface Upstream {
  service: string;
  baseUrl: string;
}

export interface OpenApiOptions {
  upstreams: readonly Upstream[];
  aggregated: readonly string[];
  timeoutMs: number;
  cacheTtlMs: number;
}

/** A service's document, or why there is none, in one line. */
export async function fetchServiceDocument({ service, baseUrl }: Upstream, timeoutMs: number): Promise<ServiceDocument | { warning: string }> {
  const url = new URL(`${API_PREFIX}/openapi.json`, baseUrl);
  try {
    const response = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) {
      await response.body?.cancel();
      return { warning: `${service}: ${url.pathname} answered ${response.status}; its paths are left out` };
    }
    const document = (await response.json()) as unknown;
    if (!isOpenApiDocument(document)) return { warning: `${service}: ${url.pathname} is not an OpenAPI 3 document; its paths are left out` };
    return { service, document };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    return { warning: `${service}: ${timedOut ? `no document within ${timeoutMs} ms` : "could not be reached"}; its paths are left out` };
  }
}

function isOpenApiDocument(value: unknown): value is OpenApiDocument {
  if (typeof value !== "object" || value === null) return false;
  const { openapi, paths } = value as { openapi?: unknown; paths?: unknown };
  return typeof openapi === "string" && openapi.startsWith("3.") && (paths === undefined || (typeof paths === "object" && paths !== null));
}

/** Every service's document at once, merged into the gateway's, in the order of the routes. */
export async function buildMergedDocument(options: Pick<OpenApiOptions, "upstreams" | "aggregated" | "timeoutMs">): Promise<Merged> {
  const fetched = await Promise.all(options.upstreams.map((upstream) => fetchServiceDocument(upstream, options.timeoutMs)));
  const documents = fetched.filter((result): result is ServiceDocument => "document" in result);
  const warnings = fetched.flatMap((result) => ("warning" in result ? [result.warning] : []));
  return mergeDocuments(gatewayDocument(options.aggregated), documents, warnings);
}

/**
 * The merged document, rebuilt at most once per ttlMs: callers in between get the kept one,
 * and callers during a rebuild wait for that rebuild rather than start their own.
 */
export function cachedMergedDocument(build: () => Promise<Merged>, ttlMs: number, now: () => number = Date.now): () => Promise<Merged> {
  let kept: { merged: Promise<Merged>; until: number } | undefined;
  return () => {
    if (kept && now() < kept.until) return kept.merged;
    const merged = build();
    kept = { merged, until: now() + ttlMs };
    return merged;
  };
}

export function registerOpenApi(app: FastifyInstance, options: OpenApiOptions): void {
  const document = cachedMergedDocument(async () => {
    const merged = await buildMergedDocument(options);
    // Once per rebuild, not per request: the same warnings are served until the next one.
    if (merged.warnings.length > 0) app.log.warn({ warnings: merged.warnings }, "the OpenAPI document leaves out services");
    return merged;
  }, options.cacheTtlMs);
  app.get(`${API_PREFIX}/openapi.json`, async function openapiDocument() {
    return (await document()).document;
  });
}
