import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * Server code in a folder no service owns (a compose build path misspelt, an app copied without its package.json):
 * its routes and calls are not checked, and a diagnostic says so once per folder. A front end's script, which only
 * calls, is left alone, as its calls are.
 */
describe("[I] routes in code no service owns", () => {
  it("are said in one diagnostic per folder, naming the folder to declare", () => {
    const { diagnostics } = lintTree({
      ...service("services/books", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/books", (req, res) => res.json([]));\napp.listen(3000);\n` }),
      "finder/src/app.js": `const express = require("express");\nconst app = express();\napp.get("/v1/find", async (req, res) => res.json(await (await fetch("http://books:3000/v1/books")).json()));\napp.get("/v1/find/:id", (req, res) => res.json({}));\napp.listen(3001);\n`,
      "site/public/main.js": `fetch("/v1/find").then((r) => r.json());\n`,
      "site/src/api.js": `import axios from "axios";\nexport default axios.create({ baseURL: "/v1" });\n`,
      "site/src/basket.js": `import api from "./api";\nexport const basket = { pay: async (order) => (await api.post("/basket/pay", order)).data };\n`,
      "docker-compose.yml": "services:\n  books:\n    build: ./services/books\n  finder:\n    build: ./findr\n",
    });
    const unowned = diagnostics.filter((d) => d.kind === "not-understood" && d.message.includes("no service owns it"));
    expect(unowned.map((d) => d.message)).toEqual([
      "finder/src/app.js declares 2 routes (GET /v1/find, GET /v1/find/:id), but no service owns it (it is in no service's folder, or no file of its service loads it): its routes and the calls its handlers make are not checked; if it runs as a service, declare it in arch-lint.config.yaml: services: { finder: { path: finder } }",
    ]);
  });
});
