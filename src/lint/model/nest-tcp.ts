import type { ModelCall, ModelRoute, ModelTopic } from "../types.js";

/**
 * NestJS's TCP transport is a remote call over a socket, with no broker between: `client.send("get_user", data)` waits
 * for the reply of the `@MessagePattern("get_user")` handler of the service that serves the pattern over TCP, as an
 * HTTP call waits for a route. For sync-call-chain, each such handler is a route (`users TCP /get_user`) and each
 * `send` a synchronous call to it, when exactly one other service serves the pattern over TCP and the function waits for
 * the reply (awaits or returns it; one fired and left is none). `emit` (an event) and
 * request-reply over a broker (Redis, NATS, RabbitMQ, Kafka) stay messages: a broker holds the request between them.
 */

/** The route a TCP message handler stands for: `users TCP /get_user`. */
export function tcpRouteId(service: string, pattern: string): string {
  return `${service} TCP /${pattern}`;
}

export function nestTcpRequests(topics: readonly ModelTopic[]): { routes: ModelRoute[]; calls: ModelCall[] } {
  const routes: ModelRoute[] = [];
  const servedBy = new Map<string, ModelRoute[]>();
  for (const topic of topics) {
    if (topic.system !== "tcp" || topic.role !== "consume" || !topic.requestReply || !topic.inFunction) continue;
    const route: ModelRoute = { id: tcpRouteId(topic.service, topic.topic), service: topic.service, framework: "nest", method: "TCP", path: `/${topic.topic}`, handler: topic.inFunction, location: topic.location, mountChain: [] };
    routes.push(route);
    servedBy.set(topic.topic, [...(servedBy.get(topic.topic) ?? []), route]);
  }
  if (!routes.length) return { routes, calls: [] };
  const calls: ModelCall[] = [];
  for (const topic of topics) {
    // A request fired and left (neither awaited nor returned): nothing on the request's path waits for the reply.
    if (topic.system !== "tcp" || topic.role !== "produce" || !topic.requestReply || !topic.inFunction || topic.fired) continue;
    const handlers = (servedBy.get(topic.topic) ?? []).filter((route) => route.service !== topic.service);
    const services = new Set(handlers.map((route) => route.service));
    // Served by none (a service not scanned) or by several (which one answers is the client's address, not read here).
    if (services.size !== 1) continue;
    const handler = handlers[0]!;
    calls.push({
      id: `${topic.location.file}:${topic.location.line}:${topic.location.column}`,
      service: topic.service,
      client: "nest-tcp",
      method: "TCP",
      url: topic.topic,
      targetService: handler.service,
      targetRoute: handler.id,
      resolution: `the @MessagePattern("${topic.topic}") handler of ${handler.service} at ${handler.location.file}:${handler.location.line}, served over TCP`,
      inFunction: topic.inFunction,
      awaited: Boolean(topic.awaited),
      parallel: topic.parallel ?? false,
      location: topic.location,
    });
  }
  return { routes, calls };
}
