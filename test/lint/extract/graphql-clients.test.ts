import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";
import type { Value } from "../../../src/lint/types.js";

const show = (value: Value): string => value.parts.map((p) => (p.kind === "text" ? p.text : p.kind === "env" ? `\${env:${p.name}}` : "{?}")).join("");
const calls = (code: string, file = "src/x.ts") =>
  facts(code, file).calls.map((c) => `${c.client} ${c.method} ${show(c.url)}${c.awaited ? " awaited" : ""}${c.typedClient ? " typed" : ""}${c.timeout ? ` (${c.timeout})` : ""}`);

describe("[U] graphql-clients extractor (graphql-request)", () => {
  it("a GraphQLClient instance's request, rawRequest and object form are POSTs to its endpoint", () => {
    const code = [
      `import { GraphQLClient, gql } from "graphql-request";`,
      `const atlas = new GraphQLClient(process.env.ATLAS_GRAPHQL_URL);`,
      `const PLACES = gql\`query { places { id } }\`;`,
      `export async function places() {`,
      `  await atlas.request(PLACES);`,
      `  await atlas.rawRequest(PLACES, { first: 5 });`,
      `  return atlas.request({ document: PLACES, signal: AbortSignal.timeout(900) });`,
      `}`,
    ].join("\n");
    expect(calls(code)).toEqual([
      "graphql POST ${env:ATLAS_GRAPHQL_URL} awaited",
      "graphql POST ${env:ATLAS_GRAPHQL_URL} awaited",
      "graphql POST ${env:ATLAS_GRAPHQL_URL} awaited (an abort signal)",
    ]);
  });

  it("the request and rawRequest functions call the URL they are given", () => {
    const code = `import { request, rawRequest } from "graphql-request";\nexport async function f() {\n  await request("http://atlas:4000/graphql", "{ places { id } }");\n  await rawRequest({ url: \`\${process.env.ATLAS_URL}/graphql\`, document: "{ x }" });\n}\n`;
    expect(calls(code)).toEqual(["graphql POST http://atlas:4000/graphql awaited", "graphql POST ${env:ATLAS_URL}/graphql awaited"]);
  });

  it("a client a class is handed, typed GraphQLClient, is marked for the model; an untyped one is not a call", () => {
    const code = [
      `import { GraphQLClient } from "graphql-request";`,
      `export class Atlas {`,
      `  constructor(private readonly gql: GraphQLClient, private readonly other: Other) {}`,
      `  async places() {`,
      `    await this.gql.request("{ places { id } }");`,
      `    await this.other.request("{ places { id } }");`,
      `  }`,
      `}`,
    ].join("\n");
    expect(calls(code)).toEqual(["graphql POST {?} awaited typed"]);
  });

  it("a request method of something else is no GraphQL call, nor is a file that does not import graphql-request", () => {
    expect(calls(`import { GraphQLClient } from "graphql-request";\nconst cache = new Map();\nexport function f(q) { return cache.request(q); }\n`)).toEqual([]);
    expect(calls(`const client = makeClient();\nexport function f(q) { return client.request(q); }\n`)).toEqual([]);
  });
});
