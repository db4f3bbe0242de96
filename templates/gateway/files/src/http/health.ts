import type { FastifyInstance } from "fastify";

/**
 * Probes for the platform, not the API, so they are not versioned and need no token:
 * - GET /healthz (liveness): the process answers.
 * - GET /readyz (readiness): 200 unless shutting down. The upstreams' state is shown but
 *   never makes the gateway unready: taking the entry point out because one service is down
 *   would turn one failure into all of them. Their open circuits answer 503 instead.
 */

export interface Readiness {
  /** e.g. { orders: "closed", inventory: "open" }: each upstream's circuit. */
  circuits?: () => Record<string, string>;
  shuttingDown?: () => boolean;
}

export function registerProbes(app: FastifyInstance, readiness: Readiness): void {
  // Probes hit these every few seconds: log them only when something is wrong, and never trace them.
  const probe = { logLevel: "warn", config: { otel: false, rateLimit: false } } as const;
  app.get("/healthz", probe, async function healthz() {
    return { status: "ok" };
  });

  app.get("/readyz", probe, async function readyz(_request, reply) {
    const shuttingDown = readiness.shuttingDown?.() ?? false;
    return reply.code(shuttingDown ? 503 : 200).send({
      status: shuttingDown ? "shutting-down" : "ready",
      checks: { circuits: readiness.circuits?.() ?? {} },
    });
  });
}
