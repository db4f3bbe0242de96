import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * Edges of the call graph (model/call-graph.ts) that issue 15's mutation run found untested: which function a call
 * on an object of the same file reaches.
 */

const edgesOf = (code: string) =>
  Object.values(lintTree(service("services/orders", ["express"], { "src/server.ts": code }), { only: "sync-call-chain" }).model.edges)
    .flat()
    .map((edge) => `${edge.from.split("#")[1]} → ${edge.to.split("#")[1]}`);

describe("[U] a method called on an object of the file", () => {
  it("the object's own method by its name; else the file's method of that name (an instance of a class of the file)", () => {
    const code = `import express from "express";\nclass Repo {\n  list() { return 1; }\n}\nconst users = { list() { return 2; } };\nconst repo = new Repo();\nexport async function handler() {\n  repo.list();\n  users.list();\n}\nconst app = express();\napp.get("/v1/x", handler);\napp.listen(3000);\n`;
    expect(edgesOf(code)).toEqual(["fn:handler → fn:Repo.list", "fn:handler → fn:users.list"]);
  });

  it("an object the file does not define (a parameter): the file's method of that name", () => {
    const code = `import express from "express";\nclass Repo {\n  list() { return 1; }\n}\nexport async function load(store: Repo) {\n  return store.list();\n}\nconst app = express();\napp.get("/v1/x", async () => load(new Repo()));\napp.listen(3000);\n`;
    expect(edgesOf(code)).toContain("fn:load → fn:Repo.list");
  });
});

describe("[U] a function that calls itself", () => {
  it("is no edge of the call graph: recursion is not a call to anything else (a retry loop, a tree walk), while its calls to other functions stay edges", () => {
    const code = `import express from "express";\nexport async function retry(times: number): Promise<number> {\n  if (times === 0) return count();\n  return retry(times - 1);\n}\nfunction count() { return 1; }\nconst app = express();\napp.get("/v1/x", async () => retry(3));\napp.listen(3000);\n`;
    const edges = edgesOf(code);
    expect(edges).toContain("fn:retry → fn:count");
    expect(edges.filter((edge) => edge === "fn:retry → fn:retry")).toEqual([]);
  });
});
