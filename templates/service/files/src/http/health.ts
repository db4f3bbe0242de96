import type { FastifyInstance } from "fastify";
import type { Database } from "../db/database.ts";

/**
 * Probes for the platform, not the API, so they are not versioned:
 * - GET /healthz (liveness): the process answers. It checks nothing else on
 *   purpose: restarting a pod because its database is down only adds load.
 * - GET /readyz (readiness): 200 when the database answers, 503 otherwise or
 *   while shutting down; the body shows the messaging state too. Messaging
 *   trouble does not make the service unready: writes still land in the outbox.
 */

export interface Readiness {
  /** e.g. { outbox: "idle", consumer: "running" }; absent parts are not reported. */
  messaging?: () => Record<string, string>;
  shuttingDown?: () => boolean;
}

const DB_CHECK_TIMEOUT_MS = 2_000;

export function registerProbes(app: FastifyInstance, db: Database, readiness: Readiness): void {
  // Probes hit these every few seconds: log them only when something is wrong, and never
  // trace them (their spans would crowd out real traces).
  const probe = { logLevel: "warn", schema: { hide: true }, config: { otel: false } } as const;
  app.get("/healthz", probe, async function healthz() {
    return { status: "ok" };
  });

  app.get("/readyz", probe, async function readyz(_request, reply) {
    const database = await checkDatabase(db);
    const shuttingDown = readiness.shuttingDown?.() ?? false;
    const ready = database === "ok" && !shuttingDown;
    return reply.code(ready ? 200 : 503).send({
      status: ready ? "ready" : shuttingDown ? "shutting-down" : "unavailable",
      checks: { database, messaging: readiness.messaging?.() ?? { state: "not-used" } },
    });
  });
}

async function checkDatabase(db: Database): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.ping(),
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), DB_CHECK_TIMEOUT_MS);
      }),
    ]);
    return "ok";
  } catch {
    return "unreachable";
  } finally {
    clearTimeout(timer);
  }
}
