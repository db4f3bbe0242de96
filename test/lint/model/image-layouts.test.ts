import { describe, expect, it } from "vitest";
import { lintTree } from "../helpers.js";
import { imageLayouts, holdsFiles } from "../../../src/lint/discover/image-layouts.js";

// A folder the Dockerfile copies beside the service's sources (`COPY ./common /srv/src/common`): the service's
// `import "../common/paths"` reaches it in the image, though the repository keeps it elsewhere.

const dockerfile = (copyShared: string) =>
  `FROM node:22-alpine AS build\nWORKDIR /srv\nCOPY ./desk/package.json ./\nRUN npm install\n${copyShared}\nCOPY ./desk/src/ /srv/src/\nRUN npm run build\n\nFROM node:22-alpine\nWORKDIR /srv\nCOPY --from=build /srv/dist ./dist\nCMD ["node", "dist/server.js"]\n`;

function tree(copyShared: string) {
  return {
    "common/paths.ts": `export const API = "/api/v2";\n`,
    "desk/package.json": { name: "desk", main: "src/server.ts", dependencies: { fastify: "*" } },
    "desk/Dockerfile": dockerfile(copyShared),
    "desk/src/routes/tickets.ts": `import type { FastifyInstance } from "fastify";\nexport default async function tickets(app: FastifyInstance) {\n  app.get("/tickets", async () => []);\n}\n`,
    "desk/src/server.ts": `import Fastify from "fastify";\nimport tickets from "./routes/tickets";\nimport { API } from "./common/paths";\nconst app = Fastify();\napp.register(tickets, { prefix: API });\napp.listen({ port: 3000 });\n`,
    "docker-compose.yml": `services:\n  desk:\n    build:\n      context: .\n      dockerfile: ./desk/Dockerfile\n`,
  };
}

describe("[I] imports that reach a folder the Dockerfile copies in", () => {
  it("the prefix a shared folder exports, copied into the sources' folder in the image, prefixes the route", () => {
    const result = lintTree(tree("COPY ./common /srv/src/common"), { only: "unversioned-route" });
    expect(result.model.routes.map((route) => `${route.method} ${route.path}`)).toEqual(["GET /api/v2/tickets"]);
    expect(result.diagnostics.filter((d) => d.message.includes("not in the repository"))).toEqual([]);
  });

  it("without that COPY the import stays one the repository does not hold", () => {
    const result = lintTree(tree(""), { only: "unversioned-route" });
    expect(result.model.routes.map((route) => route.path)).not.toContain("/api/v2/tickets");
    expect(result.diagnostics.some((d) => d.message.includes("./common/paths") && d.message.includes("not in the repository"))).toBe(true);
  });
});

describe("[U] imageLayouts", () => {
  it("folders a stage copies from the build context, after WORKDIR; files, other stages' outputs and folders outside the context are left out", () => {
    const files = holdsFiles([{ rel: "common/paths.ts" }, { rel: "desk/src/server.ts" }]);
    const read = (rel: string) => (rel === "desk/Dockerfile" ? dockerfile("COPY common src/common") : undefined);
    expect(imageLayouts([{ context: "", dockerfile: "desk/Dockerfile" }], read, files)).toEqual([
      [
        { image: "/srv/src/common", repo: "common" },
        { image: "/srv/src", repo: "desk/src" },
      ],
    ]);
  });
});
