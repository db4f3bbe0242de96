import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * An itinerary service asks an atlas service (a GraphQL endpoint) for places through graphql-request. Its entry makes
 * the client from its settings and hands it to the class that queries, typed with the library's class.
 */
const trip = (entry: string, options = ""): Tree => ({
  "docker-compose.yml": `services:\n  itinerary:\n    build: ./itinerary\n    environment:\n      ATLAS_URL: http://atlas:4200/graphql\n  atlas:\n    build: ./atlas\n`,
  ...service("itinerary", ["express", "graphql-request"], {
    "src/settings.ts": `export function settings() {\n  return { atlasUrl: process.env.ATLAS_URL };\n}\n`,
    "src/places.ts": [
      `import { GraphQLClient, gql } from "graphql-request";`,
      `const NEAR = gql\`query near($id: ID!) { near(id: $id) { id name } }\`;`,
      `export class Places {`,
      `  constructor(private readonly atlas: GraphQLClient) {}`,
      `  async near(id: string) {`,
      `    return this.atlas.request(${options ? `{ document: NEAR, variables: { id }, ${options} }` : `NEAR, { id }`});`,
      `  }`,
      `}`,
      ``,
    ].join("\n"),
    "src/server.ts": `import express from "express";\nimport { GraphQLClient } from "graphql-request";\nimport { Places } from "./places";\nimport { settings } from "./settings";\n${entry}\nconst app = express();\napp.get("/v1/trips/:id/stops", async (req, res) => {\n  res.json(await places.near(req.params.id));\n});\napp.listen(4100);\n`,
  }),
  ...service("atlas", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/graphql", (req, res) => res.json({ data: {} }));\napp.listen(4200);\n`,
  }),
});

const oneClient = `const places = new Places(new GraphQLClient(settings().atlasUrl));`;
const madeFirst = `const atlasClient = new GraphQLClient(settings().atlasUrl);\nconst places = new Places(atlasClient);`;
const twoClients = `const atlasClient = new GraphQLClient(settings().atlasUrl);\nconst backup = new GraphQLClient("http://atlas-replica:4200/graphql");\nconst places = new Places(Math.random() > 0.5 ? atlasClient : backup);`;

ruleTester("unprotected-call", {
  valid: [{ name: "a query with an abort signal is bounded", files: trip(madeFirst, "signal: AbortSignal.timeout(800)") }],
  invalid: [
    {
      name: "a query through the service's one GraphQLClient, handed to the class that sends it, goes to the service its settings name",
      files: trip(madeFirst),
      errors: [{ messageId: "noGuard", file: "itinerary/src/places.ts", line: 6, data: { service: "itinerary", targetService: "atlas" } }],
    },
  ],
});

describe("graphql-request clients handed to a class", () => {
  it("the URL of the one instance the service makes: written inline in the constructor call too", () => {
    const call = lintTree(trip(oneClient)).model.calls.find((c) => c.client === "graphql");
    expect(call).toMatchObject({ service: "itinerary", targetService: "atlas", method: "POST" });
  });

  it("with two instances made, the call stays unresolved and says why", () => {
    const call = lintTree(trip(twoClients)).model.calls.find((c) => c.client === "graphql" && c.location.file === "itinerary/src/places.ts");
    expect(call?.targetService).toBeUndefined();
    expect(call?.resolution).toContain("the class is handed a graphql client, and itinerary makes several");
  });
});
