import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";
import type { LintResult } from "../../../src/lint/types.js";

// A route module's function handed a client instance as a typed parameter (`notify(bus: BellClient, …)`): a method
// called on the parameter is the class's method, so the request it makes is on the route's path.

function tree(param: string) {
  return {
    ...service("desk", ["fastify"], {
      "src/clients/bell.ts": `export class BellClient {\n  constructor(private readonly base: string) {}\n\n  async ring(ticket: string) {\n    await fetch(\`\${this.base}/v1/rings\`, { method: "POST", body: JSON.stringify({ ticket }) });\n  }\n}\n`,
      "src/routes.ts": `import type { FastifyInstance } from "fastify";\nimport { BellClient } from "./clients/bell";\n\nasync function announce(${param}, ticket: string) {\n  await bell.ring(ticket);\n}\n\nexport async function registerRoutes(app: FastifyInstance, bell: BellClient) {\n  app.post("/v1/tickets", async (req) => {\n    await announce(bell, "t-1");\n    return { ok: true };\n  });\n}\n`,
      "src/server.ts": `import Fastify from "fastify";\nimport { BellClient } from "./clients/bell";\nimport { registerRoutes } from "./routes";\n\nconst app = Fastify();\nawait registerRoutes(app, new BellClient(process.env.BELL_URL ?? "http://bell:4000"));\napp.listen({ port: 3000 });\n`,
    }),
    ...service("bell", ["fastify"], {
      "src/server.ts": `import Fastify from "fastify";\nconst app = Fastify();\napp.post("/v1/rings", async () => ({}));\napp.listen({ port: 4000 });\n`,
    }),
    "docker-compose.yml": `services:\n  desk:\n    build: ./desk\n  bell:\n    build: ./bell\n`,
  };
}

const unprotected = (result: LintResult) => result.findings.filter((f) => f.ruleId === "unprotected-call").map((f) => `${f.data.service} -> ${f.data.targetService} (${f.evidence?.[0]?.message ?? ""})`);

describe("[I] a method called on a parameter typed with a class of the project", () => {
  it("bell.ring() on `bell: BellClient` reaches BellClient.ring, whose request is on POST /v1/tickets' path", () => {
    expect(unprotected(lintTree(tree("bell: BellClient"), { only: "unprotected-call" }))).toEqual(["desk -> bell (desk POST /v1/tickets is handled here)"]);
  });

  it("an untyped parameter, or one typed with a name the module neither imports nor declares, links nothing", () => {
    expect(unprotected(lintTree(tree("bell"), { only: "unprotected-call" }))).toEqual([]);
    expect(unprotected(lintTree(tree("bell: Bell"), { only: "unprotected-call" }))).toEqual([]);
  });
});
