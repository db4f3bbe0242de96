import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

// Written for this test: a front door whose handlers call the catalog through one helper taking the method and the
// URL, which hands both to axios in a config object bound to a local (`const options = { method, url }; axios(options)`).
// Each handler's call is a request of its own, with the method it passes.

const tree = {
  ...service("front-door", ["express", "axios"], {
    "lib/send.js": [
      `import axios from "axios";`,
      `export const send = async (method, url, body = null) => {`,
      `  const options = { method, url };`,
      `  if (body) options.data = body;`,
      `  const answer = await axios(options);`,
      `  return answer.data;`,
      `};`,
      ``,
    ].join("\n"),
    "server.js": [
      `import express from "express";`,
      `import { send } from "./lib/send.js";`,
      `const app = express();`,
      `app.get("/v1/books", async (req, res) => res.json(await send("GET", "http://catalog:5100/v1/books")));`,
      `app.post("/v1/books", async (req, res) => res.json(await send("post", "http://catalog:5100/v1/books", req.body)));`,
      `app.listen(5000);`,
      ``,
    ].join("\n"),
  }),
  ...service("catalog", ["express"], {
    "server.js": `import express from "express";\nconst app = express();\napp.get("/v1/books", (req, res) => res.json([]));\napp.post("/v1/books", (req, res) => res.json({}));\napp.listen(5100);\n`,
  }),
  "docker-compose.yml": `services:\n  front-door:\n    build: ./front-door\n  catalog:\n    build: ./catalog\n`,
};

describe("[I] a helper handing its method and URL parameters to axios in a config object", () => {
  it("makes each caller's request, with the method the caller passes, at the catalog's route", () => {
    const result = lintTree(tree, { only: "unprotected-call" });
    const made = result.model.calls.filter((c) => c.targetService).map((c) => `${c.method} ${c.targetRoute}`).sort();
    expect(made).toEqual(["GET catalog GET /v1/books", "POST catalog POST /v1/books"]);
    expect(result.findings.filter((f) => f.ruleId === "unprotected-call")).toHaveLength(2);
  });
});
