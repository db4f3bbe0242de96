import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * A URL built as an object and handed to a helper as text: `const url = new URL(`${base}/books`);
 * url.searchParams.set("limit", …); return this.get(url.toString())`, the helper calling fetch(url). The call is made
 * again at each call site with the address the site builds (model/value-flow.ts).
 */

const shelf = (site: string): Tree => ({
  "docker-compose.yml": "services:\n  shelf:\n    build: ./shelf\n    environment:\n      BOOKS_URL: http://books:3009\n  books:\n    build: ./books\n",
  ...service("shelf", ["express"], {
    "src/server.ts": `import express from "express";\nimport { BooksClient } from "./books.client";\nconst books = new BooksClient();\nconst app = express();\napp.get("/v1/shelf", async (req, res) => res.json(await books.list(10)));\napp.listen(3000);\n`,
    "src/books.client.ts": [
      `export class BooksClient {`,
      `  private readonly base = process.env.BOOKS_URL;`,
      `  async list(limit: number) {`,
      site,
      `  }`,
      `  private async get(url: string) {`,
      `    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).json();`,
      `  }`,
      `}`,
    ].join("\n"),
  }),
  ...service("books", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/books", (req, res) => res.json([]));\napp.listen(3009);\n` }),
});

const calls = (tree: Tree) =>
  lintTree(tree, { only: "unprotected-call" })
    .model.calls.filter((c) => c.service === "shelf" && c.targetService)
    .map((c) => `${c.method} ${c.url} → ${c.targetService}`);

describe("[I] a URL object handed on as text", () => {
  it("url.toString() after its query is set reaches the service the URL names", () => {
    const site = `    const url = new URL(\`\${this.base}/v1/books\`);\n    url.searchParams.set("limit", String(limit));\n    return this.get(url.toString());`;
    expect(calls(shelf(site))).toEqual(["GET http://books:3009/v1/books → books"]);
  });

  it("new URL(...) handed over as it is made, too", () => {
    expect(calls(shelf(`    return this.get(new URL(\`\${this.base}/v1/books\`));`))).toEqual(["GET http://books:3009/v1/books → books"]);
  });
});
