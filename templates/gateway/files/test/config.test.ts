import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, ENV_VARS, loadConfig, urlVariable } from "../src/config.ts";
import { ROUTES } from "../src/service.ts";

/** The least environment the gateway starts with: where the keys are, whom tokens are for, the internal secret. */
const minimal: NodeJS.ProcessEnv = {
  AUTH_JWKS_URL: "https://login.example.test/.well-known/jwks.json",
  AUTH_ISSUER: "https://login.example.test/",
  AUTH_AUDIENCE: "api",
  INTERNAL_TOKEN_SECRET: "a-secret-of-at-least-thirty-two-bytes!",
};
const SECRET = "a-development-secret-of-32-bytes-or-more";

describe("config", () => {
  it("routes each service to its Kubernetes DNS name unless <SERVICE>_URL says otherwise", () => {
    const config = loadConfig(minimal);
    for (const service of ROUTES) expect(config.upstreams[service]).toBe(`http://${service}`);
    const first = ROUTES[0];
    expect(loadConfig({ ...minimal, [urlVariable(first)]: "http://localhost:8080" }).upstreams[first]).toBe("http://localhost:8080");
    expect(config.rateLimit.redisUrl).toBeUndefined();
  });

  it("takes exactly one source of keys, and a shared secret only outside production", () => {
    expect(() => loadConfig({ ...minimal, AUTH_JWKS_URL: "" })).toThrow(/set exactly one of AUTH_JWKS_URL .* and AUTH_JWT_SECRET/);
    expect(() => loadConfig({ ...minimal, AUTH_JWT_SECRET: SECRET })).toThrow(/set exactly one of/);
    expect(loadConfig({ ...minimal, AUTH_JWKS_URL: "", AUTH_JWT_SECRET: SECRET }).auth.jwtSecret).toBe(SECRET);
    expect(() => loadConfig({ ...minimal, AUTH_JWKS_URL: "", AUTH_JWT_SECRET: SECRET, NODE_ENV: "production" })).toThrow(/AUTH_JWT_SECRET is for local development only/);
  });

  it("names every bad variable in one message, and never echoes a secret", () => {
    const attempt = () => loadConfig({ ...minimal, PORT: "abc", AUTH_ISSUER: "", INTERNAL_TOKEN_SECRET: "short", REDIS_URL: "http://user:hunter2@cache", AUTH_PUBLIC_PATHS: "docs" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT must be a whole number/);
    expect(attempt).toThrow(/AUTH_ISSUER is required/);
    expect(attempt).toThrow(/INTERNAL_TOKEN_SECRET must be at least 32 bytes/);
    expect(attempt).toThrow(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(attempt).toThrow(/AUTH_PUBLIC_PATHS entries must start with \//);
    expect(attempt).toThrow(/^(?!.*hunter2)/s);
  });

  it("lists every variable in .env.example", () => {
    const example = readFileSync(new URL("../.env.example", import.meta.url), "utf8");
    const listed = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
    expect(listed.sort()).toEqual(ENV_VARS.map((v) => v.name).sort());
  });
});
