import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "./helpers.js";

/**
 * GraphQL services as a whole repository shows them: a federation gateway in front of two subgraphs, and a GraphQL
 * back end for a front end whose resolver starts a chain of REST calls (extract/graphql-endpoints.ts,
 * extract/proxies/apollo-gateway.ts; resolvers as handlers: extract/graphql-resolvers.ts, model/graphql.ts).
 */

const federation: Tree = {
  ...service("gateway", ["apollo-server", "@apollo/gateway"], {
    "src/server.js": [
      `const { ApolloServer } = require("apollo-server");`,
      `const { ApolloGateway } = require("@apollo/gateway");`,
      `const gateway = new ApolloGateway({ serviceList: [`,
      `  { name: "people", url: "http://people:4001/" },`,
      `  { name: "parcels", url: process.env.PARCELS_URL },`,
      `] });`,
      `new ApolloServer({ gateway }).listen({ port: 4000 });`,
    ].join("\n"),
  }),
  // A subgraph whose package lists the gateway library it never runs (as federation tutorials' packages do).
  ...service("people", ["apollo-server", "@apollo/federation", "@apollo/gateway"], {
    "src/server.js": `const { ApolloServer, gql } = require("apollo-server");\nconst { buildFederatedSchema } = require("@apollo/federation");\nconst resolvers = { Query: { me: () => ({ id: "1" }) } };\nnew ApolloServer({ schema: buildFederatedSchema([{ typeDefs: gql\`type Query { me: String }\`, resolvers }]) }).listen({ port: 4001 });\n`,
  }),
  ...service("parcels", ["apollo-server"], {
    "src/server.js": `const { ApolloServer } = require("apollo-server");\nnew ApolloServer({ typeDefs: "", resolvers: {} }).listen({ port: 4002 });\n`,
  }),
  "docker-compose.yml":
    "services:\n  gateway:\n    build: ./gateway\n    environment:\n      PARCELS_URL: http://parcels:4002/\n  people:\n    build: ./people\n  parcels:\n    build: ./parcels\n",
};

const bffChain: Tree = {
  ...service("storefront", ["express", "apollo-server-express", "axios"], {
    "src/server.ts": [
      `import express from "express";`,
      `import axios from "axios";`,
      `import { ApolloServer } from "apollo-server-express";`,
      `const resolvers = {`,
      `  Query: {`,
      `    order: async (_: unknown, { id }: { id: string }) => (await axios.get(\`\${process.env.ORDERS_URL}/v1/orders/\${id}\`, { timeout: 2000 })).data,`,
      `  },`,
      `};`,
      `const app = express();`,
      `const server = new ApolloServer({ typeDefs: "type Query { order(id: ID!): String }", resolvers });`,
      `await server.start();`,
      `server.applyMiddleware({ app });`,
      `app.listen(4000);`,
    ].join("\n"),
  }),
  ...service("orders", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/orders/:id", async (req, res) => {\n  const buyer = await fetch(\`\${process.env.BUYERS_URL}/v1/buyers/\${req.params.id}\`, { signal: AbortSignal.timeout(2000) });\n  res.json(await buyer.json());\n});\napp.listen(3000);\n`,
  }),
  ...service("buyers", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/buyers/:id", (req, res) => res.json({}));\napp.listen(3000);\n`,
  }),
  "docker-compose.yml":
    "services:\n  storefront:\n    build: ./storefront\n    environment:\n      ORDERS_URL: http://orders:3000\n  orders:\n    build: ./orders\n    environment:\n      BUYERS_URL: http://buyers:3000\n  buyers:\n    build: ./buyers\n",
};

/** The same chain with the storefront's resolvers in a module of their own, as most GraphQL services keep them. */
const withResolvers = (server: string, resolvers: Record<string, string>): Tree => {
  const tree: Tree = { ...bffChain, "storefront/src/server.ts": server };
  for (const [path, text] of Object.entries(resolvers)) tree[`storefront/src/${path}`] = text;
  return tree;
};
const orderQuery = "async (_, { id }) => (await axios.get(`${process.env.ORDERS_URL}/v1/orders/${id}`, { timeout: 2000 })).data";
const serverImporting = (line: string) =>
  `import express from "express";\nimport { ApolloServer } from "apollo-server-express";\n${line}\nconst app = express();\nconst server = new ApolloServer({ typeDefs: "", resolvers });\nawait server.start();\nserver.applyMiddleware({ app });\napp.listen(4000);\n`;

describe("[I] GraphQL services", () => {
  it("a federation gateway: the subgraph address written into its code is a hard-coded endpoint, the one from the environment is not; GraphQL endpoints are not unversioned routes", () => {
    const result = lintTree(federation);
    const byRule = (rule: string) => result.findings.filter((f) => f.ruleId === rule).map((f) => `${f.location.file}:${f.location.line} ${f.message}`);
    expect(byRule("hardcoded-endpoint")).toEqual([expect.stringMatching(/^gateway\/src\/server\.js:4 gateway forwards requests to http:\/\/people:4001\/ \(people\) with the host name people written into the code/)]);
    expect(byRule("unversioned-route")).toEqual([]);
    // The gateway's endpoint is a proxy route (what it forwards is the subgraphs' business), still not judged for a version.
    expect(result.model.routes.map((r) => `${r.service} ${r.method} ${r.path}${r.graphql ? " graphql" : ""}${r.proxy ? " proxy" : ""}`).sort()).toEqual(["gateway POST / graphql proxy", "parcels POST / graphql", "people POST / graphql"]);
    // The gateway's upstreams reach both subgraphs, and nothing says its proxy is mounted nowhere.
    expect(result.model.calls.filter((c) => c.proxy).map((c) => `${c.service} → ${c.targetService}`)).toEqual(["gateway → people", "gateway → parcels"]);
    expect(result.diagnostics.filter((d) => d.kind === "not-understood").map((d) => d.message)).toEqual([]);
  });

  it("a NestJS GraphQL endpoint is served outside the app's global prefix and versions, and is not judged; the controllers' routes are", () => {
    const result = lintTree(
      service("catalog", ["@nestjs/core", "@nestjs/common", "@nestjs/graphql", "@nestjs/apollo"], {
        "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { VersioningType } from "@nestjs/common";\nimport { AppModule } from "./app.module";\nconst app = await NestFactory.create(AppModule);\napp.setGlobalPrefix("api");\napp.enableVersioning({ type: VersioningType.URI, defaultVersion: "1" });\nawait app.listen(3000);\n`,
        "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { GraphQLModule } from "@nestjs/graphql";\nimport { ApolloDriver } from "@nestjs/apollo";\nimport { ItemsController } from "./items.controller";\n@Module({ imports: [GraphQLModule.forRoot({ driver: ApolloDriver, autoSchemaFile: true })], controllers: [ItemsController] })\nexport class AppModule {}\n`,
        // A second module sets GraphQL up again (as feature modules copied from one another do): still one endpoint.
        "src/orders.module.ts": `import { Module } from "@nestjs/common";\nimport { GraphQLModule } from "@nestjs/graphql";\nimport { ApolloDriver } from "@nestjs/apollo";\n@Module({ imports: [GraphQLModule.forRoot({ driver: ApolloDriver })] })\nexport class OrdersModule {}\n`,
        "src/items.controller.ts": `import { Controller, Get, VERSION_NEUTRAL } from "@nestjs/common";\n@Controller({ path: "items", version: VERSION_NEUTRAL })\nexport class ItemsController {\n  @Get()\n  list() { return []; }\n}\n`,
      }),
      { only: "unversioned-route" },
    );
    expect(result.model.routes.map((r) => `${r.method} ${r.path}${r.graphql ? " graphql" : ""}`).sort()).toEqual(["GET /api/items", "POST /graphql graphql"]);
    expect(result.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^GET \/api\/items in catalog has no version segment/)]);
  });

  it("a chain that starts in a GraphQL resolver: storefront's order query → orders → buyers", () => {
    const result = lintTree(bffChain, { only: "sync-call-chain" });
    expect(result.findings.map((f) => f.message)).toEqual(["GRAPHQL Query.order in storefront waits on a chain of 2 synchronous calls (more than 1): storefront GRAPHQL Query.order → orders GET /v1/orders/:id → buyers GET /v1/buyers/:id"]);
  });

  it("resolvers imported from their own module, a named ES export or a CommonJS object: the chain is found through them", () => {
    const chain = "GRAPHQL Query.order in storefront waits on a chain of 2 synchronous calls (more than 1): storefront GRAPHQL Query.order → orders GET /v1/orders/:id → buyers GET /v1/buyers/:id";
    const named = withResolvers(serverImporting(`import { resolvers } from "./graphql/resolvers";`), {
      "graphql/resolvers.ts": `import axios from "axios";\nexport const resolvers = {\n  Query: { order: ${orderQuery} },\n};\n`,
    });
    expect(lintTree(named, { only: "sync-call-chain" }).findings.map((f) => f.message)).toEqual([chain]);
    const commonJs = withResolvers(serverImporting(`const resolvers = require("./graphql/resolvers");`), {
      "graphql/resolvers.js": `const axios = require("axios");\nasync function loadOrder(_, { id }) {\n  return (await axios.get(\`\${process.env.ORDERS_URL}/v1/orders/\${id}\`, { timeout: 2000 })).data;\n}\nmodule.exports = {\n  Query: { order: loadOrder },\n};\n`,
    });
    const result = lintTree(commonJs, { only: "sync-call-chain" });
    expect(result.findings.map((f) => f.message)).toEqual([chain]);
    expect(result.diagnostics.filter((d) => d.kind === "not-understood")).toEqual([]);
  });

  it("resolvers merged by a call (lodash merge) are still each a handler: the map that declares the query is read where it is written", () => {
    const merged = withResolvers(serverImporting(`import { resolvers } from "./graphql/resolvers";`), {
      "graphql/resolvers.ts": `import axios from "axios";\nimport merge from "lodash.merge";\nconst orders = { Query: { order: ${orderQuery} } };\nexport const resolvers = merge({}, orders);\n`,
    });
    const result = lintTree(merged, { only: "sync-call-chain" });
    expect(result.findings.map((f) => f.message)).toEqual(["GRAPHQL Query.order in storefront waits on a chain of 2 synchronous calls (more than 1): storefront GRAPHQL Query.order → orders GET /v1/orders/:id → buyers GET /v1/buyers/:id"]);
  });
});
