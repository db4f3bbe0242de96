import { describe, expect, it } from "vitest";
import { CallGraph } from "../../../src/lint/model/graph.js";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * Breakers kept in a module of their own and fired from another: `export const membersBreaker = new
 * CircuitBreaker(async (id) => members.get(...))` in `remote.js`, then `await membersBreaker.fire(id)` in the
 * service's logic. Firing the imported breaker runs the function it was made around, so the handler reaches that
 * request (and it runs behind the breaker).
 */

const compose: Tree = {
  "docker-compose.yml": "services:\n  members:\n    build: ./members\n  shelves:\n    build: ./shelves\n  lending:\n    build: ./lending\n",
};

const backend = (name: string, path: string): Tree =>
  service(name, ["express"], { "index.js": `const express = require("express");\nconst app = express();\napp.get("${path}", (req, res) => res.json({}));\napp.listen(8080);\n` });

const remote = `import axios from "axios";
import CircuitBreaker from "opossum";

const members = axios.create({ baseURL: "http://members:8080" });
const shelves = axios.create({ baseURL: "http://shelves:8080" });

export const membersBreaker = new CircuitBreaker(async (id) => (await members.get(\`/v1/members/\${id}\`)).data, { timeout: 2000 });
export const shelvesBreaker = new CircuitBreaker(async (id) => (await shelves.get(\`/v1/shelves/\${id}\`)).data, { timeout: 2000 });
`;

const lending = (body: string): Tree =>
  service("lending", ["express", "axios", "opossum"], {
    "remote.js": remote,
    "desk.js": `import { membersBreaker, shelvesBreaker } from "./remote.js";\n\nexport async function lend(memberId, itemId) {\n${body}\n}\n`,
    "index.js": `import express from "express";\nimport { lend } from "./desk.js";\nconst app = express();\napp.post("/v1/loans", async (req, res) => res.json(await lend(req.body.member, req.body.item)));\napp.listen(8080);\n`,
  });

const tree = (body: string): Tree => ({ ...compose, ...backend("members", "/v1/members/:id"), ...backend("shelves", "/v1/shelves/:id"), ...lending(body) });

const oneAfterAnother = "  const member = await membersBreaker.fire(memberId);\n  const shelf = await shelvesBreaker.fire(itemId);\n  return { member, shelf };";
const together = "  const [member, shelf] = await Promise.all([membersBreaker.fire(memberId), shelvesBreaker.fire(itemId)]);\n  return { member, shelf };";

ruleTester("sync-call-chain", {
  valid: [{ name: "two imported breakers fired side by side", files: tree(together) }],
  invalid: [
    {
      name: "two imported breakers fired one after the other",
      files: tree(oneAfterAnother),
      errors: [{ messageId: "sequential", file: "lending/index.js", line: 4, data: { targets: "members,shelves" } }],
    },
  ],
});

describe("a breaker another module exports", () => {
  it("links the handler to the requests the breaker runs, and counts them as guarded", () => {
    const { model, findings } = lintTree(tree(oneAfterAnother));
    const route = model.routes.find((r) => r.service === "lending")!;
    const reached = CallGraph.of(model).reachable(route.handler!).map(({ call }) => call.targetService);
    expect(reached).toEqual(["members", "shelves"]);
    const calls = model.calls.filter((c) => c.service === "lending");
    expect(calls.map((c) => `${c.targetService} ${c.method} ${c.url} ${c.guards?.breaker ? "breaker" : "-"}`)).toEqual([
      "members GET http://members:8080/v1/members/{id} breaker",
      "shelves GET http://shelves:8080/v1/shelves/{id} breaker",
    ]);
    expect(findings.filter((f) => f.ruleId === "unprotected-call")).toEqual([]);
  });
});
