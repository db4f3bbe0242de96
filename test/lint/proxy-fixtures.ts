import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Tree } from "./helpers.js";

/**
 * The proxy fixtures (test/fixtures/lint/proxies): the same two services (orders, which asks inventory while it
 * answers) behind a gateway written with each proxy library, in a valid and an invalid form.
 */

const ROOT = fileURLToPath(new URL("../fixtures/lint/proxies/", import.meta.url));

function readTree(dir: string, into: Tree = {}, base = dir): Tree {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) readTree(path, into, base);
    else into[relative(base, path).split("\\").join("/")] = readFileSync(path, "utf8");
  }
  return into;
}

/** The backends plus one gateway: `proxyFixture("reply-from", "valid")`. */
export function proxyFixture(form: string, variant: string): Tree {
  return { ...readTree(join(ROOT, "backends")), ...readTree(join(ROOT, form, variant)) };
}

export const PROXY_FORMS = ["reply-from", "fastify-http-proxy", "http-proxy-middleware", "express-http-proxy", "http-proxy", "fast-gateway", "k-fastify-gateway"] as const;
