import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/**
 * Apollo Server's GraphQL endpoint as a route (extract/graphql-endpoints.ts) and Apollo Federation's gateway as a proxy
 * to its subgraphs (extract/proxies/apollo-gateway.ts). Resolvers are handlers of their own (graphql-resolvers.ts).
 */

const read = (code: string, file = "src/server.js") => {
  const f = facts(code, file);
  return {
    routes: f.routes.map((r) => `${r.method} ${r.path} ${r.owner} ${r.framework}${r.graphql ? " graphql" : ""} ${r.handler ?? "-"}`),
    proxies: f.calls.filter((c) => c.proxy).map((c) => `${c.proxy!.library} ${c.url.parts.map((p) => (p.kind === "text" ? p.text : p.kind === "env" ? `\${${p.name}}` : "{?}")).join("")} in ${c.inFunction ?? "module"} L${c.location.line}`),
  };
};

describe("[U] Apollo Server endpoints", () => {
  it("apollo-server's own server serves POST /", () => {
    const code = [
      `const { ApolloServer, gql } = require("apollo-server");`,
      `const axios = require("axios");`,
      `const Mutation = { placeOrder: async (_, args) => axios.post(process.env.ORDERS_URL + "/v1/orders", args) };`,
      `const resolvers = {`,
      `  Query: { invoice(_, { id }) { return axios.get(process.env.BILLING_URL + "/v1/invoices/" + id); }, me: currentUser },`,
      `  Mutation,`,
      `};`,
      `function currentUser() { return null; }`,
      `const server = new ApolloServer({ typeDefs: gql\`type Query { me: String }\`, resolvers });`,
      `server.listen({ port: 4000 });`,
    ].join("\n");
    expect(read(code).routes).toEqual(["POST / var:server graphql graphql -"]);
  });

  it("apollo-server-express's applyMiddleware serves on the app, at /graphql or the path given", () => {
    const code = [
      `import express from "express";`,
      `import { ApolloServer } from "apollo-server-express";`,
      `import { resolvers } from "./resolvers";`,
      `const app = express();`,
      `const server = new ApolloServer({ typeDefs: "", resolvers });`,
      `server.applyMiddleware({ app });`,
      `const admin = new ApolloServer({ typeDefs: "", resolvers: {} });`,
      `admin.applyMiddleware({ app, path: "/admin/graphql" });`,
      `app.listen(4000);`,
    ].join("\n");
    expect(read(code, "src/server.ts").routes).toEqual(["POST /graphql var:app express graphql -", "POST /admin/graphql var:app express graphql -"]);
  });

  it("applyMiddleware on a server another module of the repository made: the same endpoint, the file naming no Apollo package", () => {
    const code = [
      `const app = require("express")();`,
      `const graph = require("./graphql/server");`,
      `const cache = require("./cache");`,
      `graph.start().then(() => {`,
      `  graph.applyMiddleware({ app, path: "/api/graph" });`,
      `  cache.applyMiddleware({ ttl: 30 });`,
      `  app.listen(4000);`,
      `});`,
    ].join("\n");
    expect(read(code).routes).toEqual(["POST /api/graph var:app express graphql -"]);
    expect(read(code.replace(`, path: "/api/graph"`, "").replace(`"./graphql/server"`, `"graph-kit"`)).routes).toEqual([]);
  });

  it("@apollo/server: startStandaloneServer at /, expressMiddleware where app.use mounts it", () => {
    const code = [
      `import { ApolloServer } from "@apollo/server";`,
      `import { startStandaloneServer } from "@apollo/server/standalone";`,
      `import { expressMiddleware } from "@apollo/server/express4";`,
      `import { buildSubgraphSchema } from "@apollo/subgraph";`,
      `import express from "express";`,
      `const resolvers = { Query: { shipment: (_, { id }) => fetch("http://tracking:8080/v1/shipments/" + id) } };`,
      `const server = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs, resolvers }]) });`,
      `await startStandaloneServer(server, { listen: { port: 4001 } });`,
      `const app = express();`,
      `await server.start();`,
      `app.use("/graphql", express.json(), expressMiddleware(server));`,
    ].join("\n");
    expect(read(code, "src/index.ts").routes).toEqual(["POST / var:server graphql graphql -", "POST /graphql var:app express graphql -"]);
  });

  it("an ApolloServer of another library, or express.json mounted alone, is no GraphQL endpoint", () => {
    const code = [`import { ApolloServer } from "./my-apollo";`, `import express from "express";`, `const app = express();`, `const server = new ApolloServer({});`, `app.use("/graphql", express.json());`, `server.listen();`].join("\n");
    expect(read(code, "src/index.ts").routes).toEqual([]);
  });
});

describe("[U] NestJS GraphQLModule", () => {
  it("forRoot serves POST /graphql or its path; forRootAsync's factory gives the options; a federation gateway's IntrospectAndCompose is what it runs", () => {
    const code = [
      `import { Module } from "@nestjs/common";`,
      `import { GraphQLModule } from "@nestjs/graphql";`,
      `import { ApolloGatewayDriver, ApolloDriver } from "@nestjs/apollo";`,
      `import { IntrospectAndCompose } from "@apollo/gateway";`,
      `const gateway = GraphQLModule.forRoot({ driver: ApolloGatewayDriver, gateway: { supergraphSdl: new IntrospectAndCompose({ subgraphs: [{ name: "users", url: process.env.USERS_URL }] }) } });`,
      `const admin = GraphQLModule.forRootAsync({ driver: ApolloDriver, useFactory: () => ({ path: "/admin/graph", autoSchemaFile: true }) });`,
      `@Module({ imports: [gateway, admin] })`,
      `export class AppModule {}`,
    ].join("\n");
    expect(read(code, "src/app.module.ts")).toEqual({
      routes: ["POST /graphql nest-graphql@L5C17 nest graphql proxy@L5C96", "POST /admin/graph nest-graphql@L6C15 nest graphql -"],
      proxies: ["@apollo/gateway ${USERS_URL} in proxy@L5C96 L5"],
    });
  });

  it("typegraphql-nestjs's TypeGraphQLModule is the same endpoint; a factory written as a method gives the options", () => {
    const code = [
      `import { TypeGraphQLModule } from "typegraphql-nestjs";`,
      `export const graph = TypeGraphQLModule.forRootAsync({`,
      `  inject: [ConfigService],`,
      `  useFactory(config: ConfigService) {`,
      `    return { driver: ApolloDriver, path: "/board/graph", emitSchemaFile: true };`,
      `  },`,
      `});`,
    ].join("\n");
    expect(read(code, "src/app.module.ts").routes).toEqual(["POST /board/graph nest-graphql@L2C22 nest graphql -"]);
  });

  it("the gateway driver's own server options give its path (as written: the model joins it, /v1)", () => {
    const code = `import { GraphQLModule } from "@nestjs/graphql";\nGraphQLModule.forRoot<Config>({ driver: ApolloGatewayDriver, server: { path: "v1" }, gateway: { buildService: () => undefined } });\n`;
    expect(read(code, "src/app.module.ts").routes).toEqual(["POST v1 nest-graphql@L2C1 nest graphql -"]);
  });

  it("GraphQLModule of another package is no endpoint", () => {
    expect(read(`import { GraphQLModule } from "./graphql";\nGraphQLModule.forRoot({ path: "/x" });\n`, "src/app.module.ts").routes).toEqual([]);
  });
});

describe("[U] Apollo Federation gateway", () => {
  it("serviceList: each subgraph is an upstream the gateway's endpoint forwards to", () => {
    const code = [
      `const { ApolloServer } = require("apollo-server");`,
      `const { ApolloGateway } = require("@apollo/gateway");`,
      `const gateway = new ApolloGateway({`,
      `  serviceList: [`,
      `    { name: "people", url: "http://people:4001/graphql" },`,
      `    { name: "orders", url: process.env.ORDERS_GRAPHQL_URL },`,
      `  ],`,
      `});`,
      `new ApolloServer({ gateway, subscriptions: false }).listen();`,
    ].join("\n");
    expect(read(code, "gateway.js")).toEqual({
      routes: ["POST / graphql@L9C1 graphql graphql proxy@L3C17"],
      proxies: ["@apollo/gateway http://people:4001/graphql in proxy@L3C17 L5", "@apollo/gateway ${ORDERS_GRAPHQL_URL} in proxy@L3C17 L6"],
    });
  });

  it("IntrospectAndCompose inside the gateway's options belongs to that gateway; a list read at run time gives no upstream", () => {
    const code = [
      `import { ApolloGateway, IntrospectAndCompose } from "@apollo/gateway";`,
      `import { ApolloServer } from "@apollo/server";`,
      `import { startStandaloneServer } from "@apollo/server/standalone";`,
      `const subgraphs = [{ name: "stock", url: "http://stock:4002" }];`,
      `const gateway = new ApolloGateway({ supergraphSdl: new IntrospectAndCompose({ subgraphs }) });`,
      `const other = new ApolloGateway({ serviceList: JSON.parse(process.env.SUBGRAPHS) });`,
      `const server = new ApolloServer({ gateway });`,
      `startStandaloneServer(server);`,
    ].join("\n");
    expect(read(code, "src/gateway.ts")).toEqual({
      routes: ["POST / var:server graphql graphql proxy@L5C17"],
      proxies: ["@apollo/gateway http://stock:4002 in proxy@L5C17 L4"],
    });
  });
});
