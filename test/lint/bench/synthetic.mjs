// A synthetic monorepo for the arch-lint benchmark: `services` services of
// `filesPerService` files each, with realistic route, call and database code
// (express and fastify, fetch and axios clients with env-var URLs, pg queries),
// and a docker-compose.yml that wires the env vars.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const pad = (n) => String(n).padStart(2, "0");

function routeFile(s, i, fastify) {
  const res = `resource${i}`;
  if (fastify) {
    return `import type { FastifyInstance } from "fastify";
import { pool } from "../db.js";
import { fetchPeer${i % 5} } from "../clients/peer${i % 5}.js";

export interface ${res[0].toUpperCase()}${res.slice(1)} {
  id: string;
  name: string;
  createdAt: string;
  tags: string[];
}

const LIMIT = 50;

/** Routes for ${res} of svc-${pad(s)}. */
export async function ${res}Routes(app: FastifyInstance): Promise<void> {
  app.get("/${res}", async (request) => {
    const { rows } = await pool.query("SELECT id, name, created_at FROM ${res}_items WHERE deleted_at IS NULL LIMIT $1", [LIMIT]);
    return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at, tags: [] }));
  });

  app.get("/${res}/:id", async (request, reply) => {
    const { id } = request.params as { id: string };
    const { rows } = await pool.query("SELECT * FROM ${res}_items WHERE id = $1", [id]);
    if (!rows[0]) return reply.code(404).send({ error: "not found" });
    const peer = ${i % 7 === 0 ? `await fetchPeer${i % 5}(id)` : "undefined"};
    return { ...rows[0], peer };
  });

  app.post("/${res}", async (request, reply) => {
    const body = request.body as { name: string };
    if (!body?.name) return reply.code(400).send({ error: "name is required" });
    const { rows } = await pool.query("INSERT INTO ${res}_items (name) VALUES ($1) RETURNING *", [body.name]);
    return reply.code(201).send(rows[0]);
  });
}
`;
  }
  return `import { Router, type Request, type Response } from "express";
import { pool } from "../db.js";
import { fetchPeer${i % 5} } from "../clients/peer${i % 5}.js";

export const ${res}Router = Router();

interface Row {
  id: string;
  name: string;
  created_at: Date;
}

function toDto(row: Row) {
  return { id: row.id, name: row.name, createdAt: row.created_at.toISOString() };
}

${res}Router.get("/", async (_req: Request, res: Response) => {
  const { rows } = await pool.query<Row>("SELECT id, name, created_at FROM ${res}_items ORDER BY created_at DESC LIMIT 50");
  res.json(rows.map(toDto));
});

${res}Router.get("/:id", async (req: Request, res: Response) => {
  const { rows } = await pool.query<Row>("SELECT id, name, created_at FROM ${res}_items WHERE id = $1", [req.params.id]);
  if (!rows[0]) {
    res.status(404).json({ error: "not found" });
    return;
  }
  const peer = ${i % 7 === 0 ? `await fetchPeer${i % 5}(req.params.id)` : "null"};
  res.json({ ...toDto(rows[0]), peer });
});

${res}Router.delete("/:id", async (req: Request, res: Response) => {
  await pool.query("DELETE FROM ${res}_items WHERE id = $1", [req.params.id]);
  res.status(204).end();
});
`;
}

function clientFile(s, k, services) {
  const target = (s + k + 1) % services;
  const env = `SVC_${pad(target)}_URL`;
  return `import axios from "axios";

const BASE = process.env.${env} ?? "http://svc-${pad(target)}:3000";
const http = axios.create({ baseURL: BASE, timeout: 2000 });

export interface PeerRecord {
  id: string;
  name: string;
}

/** Calls svc-${pad(target)}. */
export async function fetchPeer${k}(id: string): Promise<PeerRecord | undefined> {
  try {
    const response = await http.get<PeerRecord>(\`/v1/resource${k}/\${encodeURIComponent(id)}\`);
    return response.data;
  } catch (error) {
    if (axios.isAxiosError(error) && error.response?.status === 404) return undefined;
    throw error;
  }
}

export async function ping${k}(): Promise<boolean> {
  const response = await fetch(\`\${BASE}/healthz\`);
  return response.ok;
}
`;
}

function utilFile(s, i) {
  return `/** Helpers ${i} of svc-${pad(s)}: plain code without routes, calls or queries. */
export function clamp${i}(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function slug${i}(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

export class Cache${i}<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();
  constructor(private readonly ttlMs: number) {}
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.expires < Date.now()) return undefined;
    return entry.value;
  }
  set(key: K, value: V): void {
    this.entries.set(key, { value, expires: Date.now() + this.ttlMs });
  }
}

export const DEFAULTS${i} = { page: 1, size: 20, order: "desc" as const, retries: ${i % 4} };
`;
}

/** Writes the monorepo under `root`; returns the list of source files (absolute paths). */
export function writeSyntheticMonorepo(root, { services = 50, filesPerService = 200 } = {}) {
  const files = [];
  const write = (rel, text) => {
    const abs = join(root, rel);
    mkdirSync(join(abs, ".."), { recursive: true });
    writeFileSync(abs, text);
    if (/\.ts$/.test(rel)) files.push(abs);
  };
  let compose = "services:\n";
  write("package.json", JSON.stringify({ name: "synthetic", private: true, workspaces: ["services/*"] }, null, 2));
  for (let s = 0; s < services; s++) {
    const name = `svc-${pad(s)}`;
    const dir = `services/${name}`;
    const fastify = s % 2 === 1;
    write(`${dir}/package.json`, JSON.stringify({ name: `@synthetic/${name}`, private: true, scripts: { start: "node dist/server.js" }, dependencies: { [fastify ? "fastify" : "express"]: "*", pg: "*", axios: "*" } }, null, 2));
    const routeCount = Math.floor(filesPerService * 0.4);
    const clientCount = 5;
    const utilCount = filesPerService - routeCount - clientCount - 2;
    write(`${dir}/src/db.ts`, `import { Pool } from "pg";\n\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });\n`);
    const imports = [];
    const mounts = [];
    for (let i = 0; i < routeCount; i++) {
      write(`${dir}/src/routes/resource${i}.ts`, routeFile(s, i, fastify));
      imports.push(fastify ? `import { resource${i}Routes } from "./routes/resource${i}.js";` : `import { resource${i}Router } from "./routes/resource${i}.js";`);
      mounts.push(fastify ? `  await v1.register(resource${i}Routes);` : `app.use("/v1/resource${i}", resource${i}Router);`);
    }
    for (let k = 0; k < clientCount; k++) write(`${dir}/src/clients/peer${k}.ts`, clientFile(s, k, services));
    for (let i = 0; i < utilCount; i++) write(`${dir}/src/lib/util${i}.ts`, utilFile(s, i));
    write(
      `${dir}/src/server.ts`,
      fastify
        ? `import Fastify from "fastify";\n${imports.join("\n")}\n\nconst app = Fastify();\napp.get("/healthz", async () => ({ ok: true }));\napp.register(async (v1) => {\n${mounts.join("\n")}\n}, { prefix: "/v1" });\nawait app.listen({ port: 3000 });\n`
        : `import express from "express";\n${imports.join("\n")}\n\nconst app = express();\napp.get("/healthz", (_req, res) => res.json({ ok: true }));\n${mounts.join("\n")}\napp.listen(3000);\n`,
    );
    compose += `  ${name}:\n    build: ./${dir}\n    environment:\n      DATABASE_URL: postgres://app:pw@db:5432/${name.replace("-", "_")}\n`;
    for (let k = 0; k < clientCount; k++) compose += `      SVC_${pad((s + k + 1) % services)}_URL: http://svc-${pad((s + k + 1) % services)}:3000\n`;
  }
  compose += "  db:\n    image: postgres:17\n";
  write("docker-compose.yml", compose);
  return files;
}
