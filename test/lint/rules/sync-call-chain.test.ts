import { ruleTester, service, type Tree } from "../helpers.js";

/** An express service whose one route handler runs `body`. */
const svc = (name: string, route: string, body: string, extra: Record<string, string> = {}): Tree =>
  service(`services/${name}`, ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.get("${route}", async (req, res) => {\n${body}\n  res.json({});\n});\napp.listen(3000);\n`,
    ...extra,
  });

const compose: Tree = {
  "docker-compose.yml": "services:\n  a:\n    build: ./services/a\n    environment:\n      B_URL: http://b:3000\n  b:\n    build: ./services/b\n    environment:\n      C_URL: http://c:3000\n      A_URL: http://a:3000\n  c:\n    build: ./services/c\n",
};

/** a knows its own address and b's. */
const selfAware: Tree = {
  "docker-compose.yml": "services:\n  a:\n    build: ./services/a\n    environment:\n      A_URL: http://a:3000\n      B_URL: http://b:3000\n  b:\n    build: ./services/b\n",
};

ruleTester("sync-call-chain", {
  valid: [
    {
      name: "a service calling its own route is neither a cycle nor a chain",
      files: { ...svc("a", "/v1/a", "  await fetch(`${process.env.A_URL}/v1/a`);"), ...svc("b", "/v1/b", ""), ...selfAware },
      understood: { calls: ["a → a"] },
    },
    {
      name: "awaiting itself, then one other service, is not sequential fan-out",
      files: { ...svc("a", "/v1/a", "  await fetch(`${process.env.A_URL}/v1/a`);\n  await fetch(`${process.env.B_URL}/v1/b`);"), ...svc("b", "/v1/b", ""), ...selfAware },
      understood: { calls: ["a → a", "a → b"] },
    },
    {
      name: "two calls to the same service one after another are not sequential fan-out",
      files: { ...svc("a", "/v1/a", "  await fetch(`${process.env.B_URL}/v1/b`);\n  await fetch(`${process.env.B_URL}/v1/b?page=2`);"), ...svc("b", "/v1/b", ""), ...selfAware },
      understood: { calls: ["a → b", "a → b"] },
    },
    {
      name: "one hop is within maxDepth 1",
      files: { ...svc("a", "/v1/a", "  await fetch(`${process.env.B_URL}/v1/b`);"), ...svc("b", "/v1/b", "  // no calls"), ...compose },
    },
    {
      name: "A → B → C with maxDepth 2",
      files: { ...svc("a", "/v1/a", "  await fetch(`${process.env.B_URL}/v1/b`);"), ...svc("b", "/v1/b", "  await fetch(`${process.env.C_URL}/v1/c`);"), ...svc("c", "/v1/c", ""), ...compose },
      options: { maxDepth: 2 },
    },
    {
      name: "a Kafka publish is not a synchronous call",
      files: {
        ...svc("a", "/v1/a", "  await fetch(`${process.env.B_URL}/v1/b`);"),
        ...service("services/b", ["express", "kafkajs"], {
          "src/server.ts": `import express from "express";\nimport { Kafka } from "kafkajs";\nconst producer = new Kafka({ brokers: ["k:9092"] }).producer();\nconst app = express();\napp.get("/v1/b", async (req, res) => {\n  await producer.send({ topic: "b.events", messages: [] });\n  res.json({});\n});\n`,
        }),
        ...svc("c", "/v1/c", ""),
        ...compose,
      },
    },
    {
      name: "calls to two services in parallel",
      files: { ...svc("a", "/v1/a", "  await Promise.all([fetch(`${process.env.B_URL}/v1/b`), fetch(`${process.env.C_URL}/v1/c`)]);"), ...svc("b", "/v1/b", ""), ...svc("c", "/v1/c", ""), ...compose, "services/a/.env": "C_URL=http://c:3000\n" },
    },
    {
      name: "sequential calls with sequentialCalls off",
      files: { ...svc("a", "/v1/a", "  await fetch(`${process.env.B_URL}/v1/b`);\n  await fetch(`http://c:3000/v1/c`);"), ...svc("b", "/v1/b", ""), ...svc("c", "/v1/c", ""), ...compose },
      options: { sequentialCalls: false },
    },
  ],
  invalid: [
    {
      name: "A → B → C, every hop with file:line",
      files: { ...svc("a", "/v1/a", "  await fetch(`${process.env.B_URL}/v1/b`);"), ...svc("b", "/v1/b", "  await fetch(`${process.env.C_URL}/v1/c`);"), ...svc("c", "/v1/c", ""), ...compose },
      errors: [{ messageId: "chain", file: "services/a/src/server.ts", line: 4, hops: 5, severity: "warn", data: { services: "a,b,c", depth: 2 } }],
    },
    {
      name: "A → B → A is a cycle and an error",
      files: { ...svc("a", "/v1/a", "  await fetch(`${process.env.B_URL}/v1/b`);"), ...svc("b", "/v1/b", "  await fetch(`${process.env.A_URL}/v1/a`);"), ...compose },
      errors: [{ messageId: "cycle", severity: "error", data: { services: "a,b,a" } }],
    },
    {
      name: "the call is made by a helper in another file (relative import)",
      files: {
        ...svc("a", "/v1/a", "  await getB();", {}),
        "services/a/src/server.ts": `import express from "express";\nimport { getB } from "./clients/b.js";\nconst app = express();\napp.get("/v1/a", async (req, res) => res.json(await getB()));\n`,
        "services/a/src/clients/b.ts": `import axios from "axios";\nconst api = axios.create({ baseURL: process.env.B_URL });\nexport async function getB() {\n  return (await api.get("/v1/b")).data;\n}\n`,
        ...svc("b", "/v1/b", "  await fetch(`${process.env.C_URL}/v1/c`);"),
        ...svc("c", "/v1/c", ""),
        ...compose,
      },
      errors: [{ messageId: "chain", file: "services/a/src/clients/b.ts", line: 4, hops: 6 }],
    },
    {
      name: "a helper the handler calls awaits two services one after another",
      files: {
        ...svc("a", "/v1/a", "  await view();", {}),
        "services/a/src/server.ts": `import express from "express";\nimport { view } from "./view.js";\nconst app = express();\napp.get("/v1/a", async (req, res) => res.json(await view()));\n`,
        "services/a/src/view.ts": `export async function view() {\n  const b = await fetch(\`\${process.env.B_URL}/v1/b\`);\n  const c = await fetch("http://c:3000/v1/c");\n  return [b, c];\n}\n`,
        ...svc("b", "/v1/b", ""),
        ...svc("c", "/v1/c", ""),
        ...compose,
      },
      errors: [{ messageId: "sequential", file: "services/a/src/server.ts", line: 4, hops: 4, data: { targets: "b,c" } }],
    },
    {
      name: "a handler awaiting two services one after another",
      files: { ...svc("a", "/v1/a", "  await fetch(`${process.env.B_URL}/v1/b`);\n  await fetch(`http://c:3000/v1/c`);"), ...svc("b", "/v1/b", ""), ...svc("c", "/v1/c", ""), ...compose },
      errors: [{ messageId: "sequential", file: "services/a/src/server.ts", line: 3, hops: 3, data: { targets: "b,c" } }],
    },
  ],
});
