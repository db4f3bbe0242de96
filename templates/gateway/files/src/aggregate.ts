import { context, propagation } from "@opentelemetry/api";
import type { FastifyInstance } from "fastify";
import type { IdentityHeaders } from "./auth/identity.ts";
import { sendProblem } from "./http/problem.ts";
import { API_PREFIX } from "./service.ts";

/**
 * Aggregation: one route that asks several services at once and answers with what came back.
 * GET /v1/overview/:id asks each aggregated service for GET /v1/<service>/:id concurrently,
 * each with its own timeout; a service that fails or is too slow leaves its part null and adds
 * a warning, so the caller still gets the rest (partial results). To add another aggregated
 * route, copy registerOverview: list the calls, fetchPart each, shape the answer.
 */

export interface Part {
  service: string;
  baseUrl: string;
}

export interface Aggregated {
  id: string;
  parts: Record<string, unknown>;
  warnings: string[];
}

/** GET <baseUrl>/v1/<service>/<id> within timeoutMs, with the caller's identity and trace; the body, or a warning. */
export async function fetchPart(part: Part, id: string, headers: Record<string, string>, timeoutMs: number): Promise<{ body: unknown } | { warning: string }> {
  const url = new URL(`${API_PREFIX}/${part.service}/${encodeURIComponent(id)}`, part.baseUrl);
  const sent: Record<string, string> = { accept: "application/json", ...headers };
  propagation.inject(context.active(), sent);
  try {
    const response = await fetch(url, { headers: sent, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) {
      await response.body?.cancel();
      return { warning: `${part.service} answered ${response.status}` };
    }
    return { body: await response.json() };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    return { warning: timedOut ? `${part.service} did not answer within ${timeoutMs} ms` : `${part.service} could not be reached` };
  }
}

/** Every part at once; never throws: a failed part is null with a warning. */
export async function aggregate(parts: readonly Part[], id: string, headers: Record<string, string>, timeoutMs: number): Promise<Aggregated> {
  const results = await Promise.all(parts.map((part) => fetchPart(part, id, headers, timeoutMs)));
  const answer: Aggregated = { id, parts: {}, warnings: [] };
  results.forEach((result, index) => {
    const service = parts[index]!.service;
    if ("body" in result) answer.parts[service] = result.body;
    else {
      answer.parts[service] = null;
      answer.warnings.push(result.warning);
    }
  });
  return answer;
}

export function registerOverview(app: FastifyInstance, parts: readonly Part[], identityHeaders: IdentityHeaders, timeoutMs: number): void {
  if (parts.length === 0) return;
  const schema = { params: { type: "object", required: ["id"], properties: { id: { type: "string", minLength: 1, maxLength: 200 } } } } as const;
  app.get<{ Params: { id: string } }>(`${API_PREFIX}/overview/:id`, { schema }, async function overview(request, reply) {
    const answer = await aggregate(parts, request.params.id, await identityHeaders(request.identity), timeoutMs);
    if (answer.warnings.length === parts.length) {
      return sendProblem(request, reply, { type: "about:blank", title: "Bad Gateway", status: 502, detail: answer.warnings.join("; ") });
    }
    return answer;
  });
}
