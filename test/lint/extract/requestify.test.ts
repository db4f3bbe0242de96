import { describe, expect, it } from "vitest";
import { facts, lintTree, service } from "../helpers.js";

/**
 * requestify's verbs and `request(url, { method })` are HTTP calls; a `timeout` option bounds one. An address kept in a
 * JSON settings file the code requires without its extension (`require("../settings/base")`) is read from that file.
 */

describe("[U] requestify calls", () => {
  it("each verb, and request with its method, is a call of client requestify", () => {
    const f = facts(
      [
        'const requestify = require("requestify");',
        "async function refresh(id) {",
        '  await requestify.get("http://stock-api:7000/levels/" + id);',
        '  await requestify.post("http://stock-api:7000/levels", { id }, { timeout: 2000 });',
        '  await requestify.request("http://stock-api:7000/levels/" + id, { method: "delete" });',
        "}",
        "module.exports = { refresh };",
      ].join("\n"),
      "src/stock.js",
    );
    expect(f.calls.map((c) => `${c.client} ${c.method} ${c.timeout ?? "-"}`)).toEqual(["requestify GET -", "requestify POST a timeout option", "requestify DELETE -"]);
  });

  it("a URL read from a JSON file required without its extension reaches the service it names", () => {
    const result = lintTree({
      "docker-compose.yml": "services:\n  till:\n    build: ./till\n  stock-api:\n    build: ./stock-api\n",
      ...service("till", ["express", "requestify"], {
        "settings/base.json": JSON.stringify({ stock: { levelsUrl: "http://stock-api:7000/levels" } }),
        "src/server.js": [
          'const express = require("express");',
          'const requestify = require("requestify");',
          'const settings = require("../settings/base");',
          "const app = express();",
          'app.get("/v1/tills/:id", async (req, res) => {',
          "  const levels = await requestify.get(settings.stock.levelsUrl);",
          "  res.json(levels.getBody());",
          "});",
          "app.listen(3000);",
        ].join("\n"),
      }),
      ...service("stock-api", ["express"], { "src/server.js": 'const app = require("express")();\napp.get("/levels", (req, res) => res.json([]));\napp.listen(7000);\n' }),
    }, { only: "unprotected-call" });
    const call = result.model.calls.find((c) => c.client === "requestify");
    expect(call?.targetService).toBe("stock-api");
    expect(result.findings.map((f) => f.message.slice(0, 40))).toEqual(["till calls stock-api (GET http://stock-a"]);
  });
});
