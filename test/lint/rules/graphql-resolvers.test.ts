import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * GraphQL resolvers handle requests as route handlers do: what a query or mutation resolver calls or writes while
 * answering is judged by unprotected-call and dual-write, and a service that serves GraphQL takes part in requests.
 */

/** A front service serving GraphQL with Apollo (server.js) and its resolver map in another file; stock serves REST. */
const front = (resolvers: string, deps = ["express", "apollo-server-express", "axios"], server = `const { ApolloServer } = require("apollo-server-express");\nconst resolvers = require("./graphql/resolvers");\nconst express = require("express");\nasync function start() {\n  const app = express();\n  const server = new ApolloServer({ typeDefs: "type Query { item(id: ID!): String }", resolvers });\n  await server.start();\n  server.applyMiddleware({ app });\n  app.listen(4000);\n}\nstart();\n`): Tree => ({
  "docker-compose.yml": `services:\n  front:\n    build: ./services/front\n    environment:\n      STOCK_URL: http://stock:3001\n  stock:\n    build: ./services/stock\n`,
  ...service("services/front", deps, { "src/server.js": server, "src/graphql/resolvers.js": resolvers }),
  ...service("services/stock", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/items/:id", (req, res) => res.json({}));\napp.post("/v1/items", (req, res) => res.json({}));\napp.listen(3001);\n`,
  }),
});

const RESOLVERS = `const axios = require("axios");\nconst Query = {\n  item: async (_, { id }) => (await axios.get(\`\${process.env.STOCK_URL}/v1/items/\${id}\`)).data,\n};\nconst resolvers = {\n  Query,\n  Mutation: {\n    async addItem(_, { name }) {\n      return (await axios.post(\`\${process.env.STOCK_URL}/v1/items\`, { name }, { timeout: 2000 })).data;\n    },\n  },\n};\nmodule.exports = resolvers;\n`;

const findings = (tree: Tree, rule: string) => lintTree(tree, { only: rule }).findings.filter((f) => f.ruleId === rule);

describe("GraphQL resolvers as request handlers", () => {
  it("unprotected-call: a query resolver's call with no timeout, while a mutation's with one is fine", () => {
    const found = findings(front(RESOLVERS), "unprotected-call");
    expect(found.map((f) => `${f.location.file}:${f.location.line} ${f.message.slice(0, f.message.indexOf(" with "))}`)).toEqual([
      "services/front/src/graphql/resolvers.js:3 front calls stock (GET http://stock:3001/v1/items/{id}) while handling GRAPHQL Query.item",
    ]);
    expect(found[0]!.evidence.map((hop) => hop.message)).toEqual(["front GRAPHQL Query.item is handled here", "calls stock: GET http://stock:3001/v1/items/{id}, no timeout, no breaker"]);
  });

  it("unprotected-call: a NestJS resolver class's query, named by its decorator's name option", () => {
    const tree: Tree = {
      "docker-compose.yml": `services:\n  front:\n    build: ./services/front\n    environment:\n      STOCK_URL: http://stock:3001\n  stock:\n    build: ./services/stock\n`,
      ...service("services/front", ["@nestjs/core", "@nestjs/common", "@nestjs/graphql", "axios"], {
        "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(4000));\n`,
        "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { GraphQLModule } from "@nestjs/graphql";\nimport { ItemsResolver } from "./items.resolver";\n@Module({ imports: [GraphQLModule.forRoot({ autoSchemaFile: true })], providers: [ItemsResolver] })\nexport class AppModule {}\n`,
        "src/items.resolver.ts": `import { Args, Parent, Query, ResolveField, Resolver } from "@nestjs/graphql";\nimport axios from "axios";\n@Resolver(() => Item)\nexport class ItemsResolver {\n  @Query(() => String, { name: "item" })\n  async findItem(@Args("id") id: string) {\n    return (await axios.get(\`\${process.env.STOCK_URL}/v1/items/\${id}\`)).data;\n  }\n  helper() {\n    return axios.get(\`\${process.env.STOCK_URL}/v1/items\`);\n  }\n  @ResolveField()\n  async levels(@Parent() item: Item) {\n    return (await axios.get(\`\${process.env.STOCK_URL}/v1/items/\${item.id}/levels\`)).data;\n  }\n}\nclass Item { id = ""; }\n`,
      }),
      ...service("services/stock", ["express"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/items", (req, res) => res.json([]));\napp.get("/v1/items/:id", (req, res) => res.json({}));\napp.get("/v1/items/:id/levels", (req, res) => res.json({}));\napp.listen(3001);\n`,
      }),
    };
    const result = lintTree(tree, { only: "unprotected-call" });
    expect(result.findings.map((f) => `${f.location.line} ${f.message.slice(0, f.message.indexOf(" with "))}`)).toEqual([
      "7 front calls stock (GET http://stock:3001/v1/items/{id}) while handling GRAPHQL Query.item",
      "14 front calls stock (GET http://stock:3001/v1/items/{item.id}/levels) while handling GRAPHQL Item.levels",
    ]);
  });

  it("unprotected-call: an object type's field resolver that a query's answer runs (a map's Item.stock, a class's @ResolveField)", () => {
    const map = `const axios = require("axios");\nmodule.exports = {\n  Query: { item: (_, { id }) => ({ id }) },\n  Subscription: { itemAdded: { subscribe: () => null } },\n  Item: {\n    stock: async (item) => (await axios.get(\`\${process.env.STOCK_URL}/v1/items/\${item.id}\`)).data,\n  },\n};\n`;
    expect(findings(front(map), "unprotected-call").map((f) => `${f.location.line} ${f.message.slice(0, f.message.indexOf(" with "))}`)).toEqual([
      "6 front calls stock (GET http://stock:3001/v1/items/{item.id}) while handling GRAPHQL Item.stock",
    ]);
  });

  it("unprotected-call: a map assembled from other modules (a namespace of re-exported defaults, an imported object, a function imported by name)", () => {
    const stock = (path: string) => `(await axios.get(\`\${process.env.STOCK_URL}${path}\`)).data`;
    const tree = front("");
    const files: Record<string, string> = {
      "src/graphql/resolvers.js": `import * as Query from "./query";\nimport Item from "./item";\nimport { restock } from "./restock";\nexport default { Query, Item, Mutation: { restock } };\n`,
      "src/graphql/query/index.js": `export { default as item } from "./item";\nexport { default as items } from "./items";\n`,
      "src/graphql/query/item.js": `import axios from "axios";\nconst item = async (_, { id }) => ${stock("/v1/items/${id}")};\nexport default item;\n`,
      "src/graphql/query/items.js": `import axios from "axios";\nexport default async function items() {\n  return (await axios.get(\`\${process.env.STOCK_URL}/v1/items\`, { timeout: 1500 })).data;\n}\n`,
      "src/graphql/item.js": `import axios from "axios";\nconst Item = {\n  levels: async (item) => ${stock("/v1/items/${item.id}/levels")},\n};\nexport default Item;\n`,
      "src/graphql/restock.js": `import axios from "axios";\nexport async function restock(_, { id }) {\n  return (await axios.post(\`\${process.env.STOCK_URL}/v1/items/\${id}/restock\`)).data;\n}\n`,
    };
    for (const [path, text] of Object.entries(files)) tree[`services/front/${path}`] = text;
    tree["services/stock/src/server.ts"] = `import express from "express";\nconst app = express();\napp.get("/v1/items", (req, res) => res.json([]));\napp.get("/v1/items/:id", (req, res) => res.json({}));\napp.get("/v1/items/:id/levels", (req, res) => res.json({}));\napp.post("/v1/items/:id/restock", (req, res) => res.json({}));\napp.listen(3001);\n`;
    expect(findings(tree, "unprotected-call").map((f) => `${f.location.file}:${f.location.line} ${f.message.slice(0, f.message.indexOf(" with "))}`).sort()).toEqual([
      "services/front/src/graphql/item.js:3 front calls stock (GET http://stock:3001/v1/items/{item.id}/levels) while handling GRAPHQL Item.levels",
      "services/front/src/graphql/query/item.js:2 front calls stock (GET http://stock:3001/v1/items/{id}) while handling GRAPHQL Query.item",
      "services/front/src/graphql/restock.js:3 front calls stock (POST http://stock:3001/v1/items/{id}/restock) while handling GRAPHQL Mutation.restock",
    ]);
  });

  it("a service that serves only GraphQL (a mercurius plugin, no route of its own) is not said to have no route", () => {
    const server = `const fastify = require("fastify")();\nconst mercurius = require("mercurius");\nconst resolvers = require("./graphql/resolvers");\nfastify.register(mercurius, { schema: "type Query { item(id: ID!): String }", resolvers });\nfastify.listen({ port: 4000 });\n`;
    const result = lintTree(front(RESOLVERS, ["fastify", "mercurius", "axios"], server), { only: "unprotected-call" });
    expect(result.findings.map((f) => f.message.slice(0, f.message.indexOf(" with ")))).toEqual(["front calls stock (GET http://stock:3001/v1/items/{id}) while handling GRAPHQL Query.item"]);
    expect(result.diagnostics.filter((d) => d.service === "front").map((d) => d.message)).toEqual([]);
  });

  it("a map with Query and Mutation members in a service that loads no GraphQL server handles nothing", () => {
    const server = `const express = require("express");\nconst resolvers = require("./graphql/resolvers");\nconst app = express();\napp.get("/v1/health", (req, res) => res.json(Object.keys(resolvers)));\napp.listen(4000);\n`;
    expect(findings(front(RESOLVERS, ["express", "axios"], server), "unprotected-call")).toEqual([]);
  });

  it("dual-write: a mutation resolver that saves, then publishes", () => {
    const tree = front(
      `const { Kafka } = require("kafkajs");\nconst { Pool } = require("pg");\nconst db = new Pool();\nconst producer = new Kafka({ brokers: [process.env.KAFKA_BROKERS] }).producer();\nmodule.exports = {\n  Mutation: {\n    addItem: async (_, { name }) => {\n      await db.query("INSERT INTO items (name) VALUES ($1)", [name]);\n      await producer.send({ topic: "item-added", messages: [{ value: name }] });\n      return name;\n    },\n  },\n};\n`,
      ["express", "apollo-server-express", "kafkajs", "pg"],
    );
    expect(findings(tree, "dual-write").map((f) => f.message.slice(0, f.message.indexOf(":")))).toEqual([
      "front writes items (sql INSERT) and publishes item-added (kafka) as two separate operations while handling GRAPHQL Mutation.addItem",
    ]);
  });

  it("an Apollo federation gateway forwards to each subgraph of its list (extract/proxies/apollo-gateway.ts), at the address written there; apollo-server's listen({ port }) says where a subgraph listens", () => {
    const subgraph = (name: string, port: number) =>
      service(`services/${name}`, ["apollo-server", "@apollo/subgraph"], {
        "src/index.js": `const { ApolloServer, gql } = require("apollo-server");\nconst { buildSubgraphSchema } = require("@apollo/subgraph");\nconst typeDefs = gql\`type Query { ${name}: [String] }\`;\nconst resolvers = { Query: { ${name}: () => [] } };\nnew ApolloServer({ schema: buildSubgraphSchema({ typeDefs, resolvers }) }).listen({ port: ${port} });\n`,
      });
    const tree: Tree = {
      ...service("services/gateway", ["apollo-server", "@apollo/gateway"], {
        "src/index.js": `const { ApolloServer } = require("apollo-server");\nconst { ApolloGateway } = require("@apollo/gateway");\nconst gateway = new ApolloGateway({\n  serviceList: [\n    { name: "books", url: "http://localhost:4001/graphql" },\n    { name: "authors", url: process.env.AUTHORS_URL },\n  ],\n});\nnew ApolloServer({ gateway }).listen(4000);\n`,
      }),
      ...subgraph("books", 4001),
      ...subgraph("authors", 4002),
    };
    expect(findings(tree, "hardcoded-endpoint").map((f) => `${f.location.file}:${f.location.line} ${f.message.slice(0, f.message.indexOf(" with "))}`)).toEqual([
      "services/gateway/src/index.js:5 gateway forwards requests to http://localhost:4001/graphql (books)",
    ]);
    expect(findings(tree, "missing-tracing").map((f) => f.message.slice(0, f.message.indexOf(" but "))).sort()).toEqual([
      // Each serves its GraphQL endpoint (extract/graphql-endpoints.ts), named before its resolvers.
      "authors serves POST /",
      "books serves POST /",
      "gateway serves POST /",
    ]);
  });
});
