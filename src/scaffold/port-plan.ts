import { createHash } from "node:crypto";

/**
 * The default port of a service, derived from its name alone. Services are
 * generated one at a time, often by different people, so no generation can
 * know which ports the others took; a port that every generation computes
 * the same way from the name lets `orders` find `inventory` on its default
 * port, and lets both run side by side in development, without anyone keeping
 * a list.
 *
 * The range is wide, because two names can share a port: with 6,000 ports, ten
 * services collide with a chance below 1% (with the 999 ports of 3001-3999 it
 * would be 4.4%, and 17% for twenty). It holds none of the ports a service's
 * neighbours take on a developer's machine (PostgreSQL 5432, Kafka 9092 and our
 * compose file's 29092, OTLP 4317/4318, Jaeger 16686, MySQL 3306, MongoDB 27017,
 * CockroachDB 26257), none a browser refuses to open (Chrome blocks 3659), and it
 * stays below the ports the system hands out for outgoing connections
 * (32768 and up on Linux, 49152 and up on macOS and Windows).
 */
export const PORT_PLAN_MIN = 20000;
export const PORT_PLAN_MAX = 25999;

/** 20000 + (the first 4 bytes of SHA-256 of the name, unsigned big-endian) mod 6000. */
export function portFor(serviceName: string): number {
  const digest = createHash("sha256").update(serviceName, "utf8").digest();
  return PORT_PLAN_MIN + (digest.readUInt32BE(0) % (PORT_PLAN_MAX - PORT_PLAN_MIN + 1));
}
