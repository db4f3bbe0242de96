import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * A catalogue service serves a schema written with graphql-js (`new GraphQLObjectType({ fields })`) through
 * express-graphql or graphql-http; one field's resolver asks an authors service over HTTP.
 */
const catalogue = (serve: string, deps: string[], options = ""): Tree => ({
  "docker-compose.yml": "services:\n  catalogue:\n    build: ./catalogue\n    environment:\n      AUTHORS_URL: http://authors:5200\n  authors:\n    build: ./authors\n",
  ...service("catalogue", ["express", "graphql", "axios", ...deps], {
    "src/schema.ts": [
      `import axios from "axios";`,
      `import { GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";`,
      `const Author = new GraphQLObjectType({ name: "Author", fields: { name: { type: GraphQLString } } });`,
      `const Query = new GraphQLObjectType({`,
      `  name: "Query",`,
      `  fields: () => ({`,
      `    author: {`,
      `      type: Author,`,
      `      resolve: async (_root, args) => (await axios.get(\`\${process.env.AUTHORS_URL}/v1/authors/\${args.id}\`${options})).data,`,
      `    },`,
      `    motto: { type: GraphQLString, resolve: () => "read more" },`,
      `  }),`,
      `});`,
      `export const schema = new GraphQLSchema({ query: Query });`,
      ``,
    ].join("\n"),
    "src/server.ts": `import express from "express";\n${serve}\nimport { schema } from "./schema";\nconst app = express();\napp.use("/v1/graphql", handler({ schema }));\napp.listen(5100);\n`,
  }),
  ...service("authors", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/authors/:id", (req, res) => res.json({}));\napp.listen(5200);\n`,
  }),
});

const expressGraphql = `import { graphqlHTTP as handler } from "express-graphql";`;
const graphqlHttp = `import { createHandler as handler } from "graphql-http/lib/use/express";`;

ruleTester("unprotected-call", {
  valid: [{ name: "the resolver's call has a timeout", files: catalogue(expressGraphql, ["express-graphql"], ", { timeout: 800 }") }],
  invalid: [
    {
      name: "a graphql-js resolver served by express-graphql handles a request: its call is judged",
      files: catalogue(expressGraphql, ["express-graphql"]),
      errors: [{ messageId: "noGuard", file: "catalogue/src/schema.ts", line: 9, data: { service: "catalogue", targetService: "authors" } }],
    },
    {
      name: "the same schema served by graphql-http",
      files: catalogue(graphqlHttp, ["graphql-http"]),
      errors: [{ messageId: "noGuard", file: "catalogue/src/schema.ts", line: 9, data: { service: "catalogue", targetService: "authors" } }],
    },
  ],
});

describe("graphql-js schemas served over HTTP", () => {
  it("the endpoint is a GraphQL route and each field with a resolver a handler", () => {
    const { model } = lintTree(catalogue(expressGraphql, ["express-graphql"]));
    const routes = model.routes.filter((r) => r.service === "catalogue").map((r) => `${r.method} ${r.path}`);
    expect(routes).toEqual(["POST /v1/graphql"]);
    expect(model.routes.find((r) => r.service === "catalogue")?.graphql).toBe(true);
  });
});
