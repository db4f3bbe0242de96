import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from "jose";
import { createTokenVerifier } from "../src/auth/verify-token.ts";
import { loadConfig, urlVariable, type Config } from "../src/config.ts";
import { buildApp } from "../src/http/app.ts";
import { createLogger } from "../src/logger.ts";
import { ROUTES } from "../src/service.ts";

/**
 * Real parts for the tests: the upstreams are local HTTP servers that record what reached
 * them, the identity provider's keys come from a JWKS endpoint served here, and the gateway
 * listens on a real port.
 */

export const ISSUER = "https://issuer.test";
export const AUDIENCE = "gateway-tests";
export const INTERNAL_SECRET = "internal-secret-for-the-tests-0123456789";

export const silentLogger = createLogger("silent");

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Upstream {
  url: string;
  received: Received[];
  /** Answers every request with this status from now on (200 by default). */
  answerWith(status: number): void;
  /** Drops the connection of the next n requests without answering (as a crashing replica would). */
  dropNext(n: number): void;
  /** Answers every request only after this many milliseconds from now on (0 by default). */
  delay(ms: number): void;
  stop(): Promise<void>;
}

/** A service behind the gateway: echoes what it got as JSON and records it. */
export async function startUpstream(): Promise<Upstream> {
  const received: Received[] = [];
  let status = 200;
  let drops = 0;
  let delayMs = 0;
  const server = createServer((request, response) => {
    if (drops > 0) {
      drops -= 1;
      received.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body: "(dropped)" });
      request.socket.destroy();
      return;
    }
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body });
      const answer = () => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify({ url: request.url, user: request.headers["x-user-id"] ?? null }));
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  });
  const url = await listen(server);
    return {
    url,
    received,
    answerWith: (next) => void (status = next),
    dropNext: (n) => void (drops = n),
    delay: (ms) => void (delayMs = ms),
    stop: async () => {
      server.closeAllConnections();
      await close(server);
    },
  };
}

/** A base URL nothing listens on: a server started and stopped again. */
export async function downUpstream(): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  await close(server);
  return url;
}

export interface IdentityProvider {
  jwksUrl: string;
  /** Publishes a new key (kid "key-2") in place of the old one and signs with it from now on, as a provider rotating its keys does. */
  rotate(): Promise<void>;
  /** How many times the JWKS was fetched. */
  fetches(): number;
  /** A token signed with the provider's key; claims override the defaults (a valid token for "user-1"). */
  sign(claims?: JWTPayload, options?: { expiresIn?: string; key?: CryptoKey }): Promise<string>;
  /** A key the provider never published. */
  strangerKey: CryptoKey;
  stop(): Promise<void>;
}

export async function startIdentityProvider(): Promise<IdentityProvider> {
  let { privateKey, publicKey } = await generateKeyPair("RS256");
  let kid = "key-1";
  const stranger = await generateKeyPair("RS256");
  let jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  let fetches = 0;
  const server = createServer((_request, response) => {
    fetches += 1;
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  const url = await listen(server);
  return {
    jwksUrl: `${url}/.well-known/jwks.json`,
    rotate: async () => {
      ({ privateKey, publicKey } = await generateKeyPair("RS256"));
      kid = "key-2";
      jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
    },
    fetches: () => fetches,
    strangerKey: stranger.privateKey,
    sign: (claims = {}, options = {}) =>
      new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: "user-1", roles: ["reader"], ...claims })
        .setProtectedHeader({ alg: "RS256", kid })
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? "5m")
        .sign(options.key ?? privateKey),
    stop: () => close(server),
  };
}

export interface RunningGateway {
  url: string;
  app: FastifyInstance;
  config: Config;
  stop(): Promise<void>;
}

/** The gateway, configured as the environment would, in front of the given upstream base URLs (every route gets the first unless named). */
export async function startGateway(jwksUrl: string, upstreams: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<RunningGateway> {
  const fallback = Object.values(upstreams)[0] ?? "http://127.0.0.1:9";
  const config = loadConfig({
    AUTH_JWKS_URL: jwksUrl,
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    INTERNAL_TOKEN_SECRET: INTERNAL_SECRET,
    LOG_LEVEL: "silent",
    ...Object.fromEntries(ROUTES.map((service) => [urlVariable(service), upstreams[service] ?? fallback])),
    ...env,
  });
  const app = await buildApp({ config, logger: silentLogger, verifyToken: createTokenVerifier(config.auth) });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  return { url, app, config, stop: () => app.close() };
}

/** The first routed service: the one the tests send requests to. */
export const SERVICE = ROUTES[0];
