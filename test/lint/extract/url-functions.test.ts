import { describe, expect, it } from "vitest";
import { facts, lintTree, service } from "../helpers.js";
import type { Value } from "../../../src/lint/types.js";

/** A URL value with each dynamic part shown by its hint: `{cartId}` is a parameter segment. */
const show = (value: Value): string => value.parts.map((p) => (p.kind === "text" ? p.text : p.kind === "env" ? `\${env:${p.name}}` : p.kind === "import" ? `\${import:${p.specifier}#${p.name}}` : `{${p.hint}}`)).join("");
const urls = (code: string) => facts(code).calls.map((c) => `${c.method} ${show(c.url)}`);

describe("[U] small URL functions of the same file are read with their arguments", () => {
  it("an arrow function, a function declaration and a local object's methods, arguments substituted", () => {
    expect(
      urls(
        [
          `import axios from "axios";`,
          `const BASE = process.env.CARTS_URL;`,
          `const itemsUrl = (id) => \`\${BASE}/v1/carts/\${id}/items\`;`,
          `function itemUrl(cart, item) { return BASE + "/v1/carts/" + cart + "/items/" + item; }`,
          `const urls = { cart: (id) => \`\${BASE}/v1/carts/\${id}\`, owner(id) { return \`\${process.env.USERS_URL}/v1/users/\${id}\`; } };`,
          `export async function h(req) {`,
          `  const cartId = req.params.id;`,
          `  await axios.get(itemsUrl(cartId));`,
          `  await axios.delete(itemUrl("c1", req.params.item));`,
          `  await axios.get(urls.cart(cartId));`,
          `  await axios.get(urls.owner());`,
          `  await axios.get(itemsUrl(\`\${cartId}\`) + "?page=2");`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual([
      "GET ${env:CARTS_URL}/v1/carts/{req.params.id}/items",
      "DELETE ${env:CARTS_URL}/v1/carts/c1/items/{req.params.item}",
      "GET ${env:CARTS_URL}/v1/carts/{req.params.id}",
      "GET ${env:USERS_URL}/v1/users/{id}",
      "GET ${env:CARTS_URL}/v1/carts/{req.params.id}/items?page=2",
    ]);
  });

  it("a parameter never leaks the caller's variable of the same name, and a function that builds no string is no URL", () => {
    expect(
      urls(
        [
          `import axios from "axios";`,
          `const BASE = "http://carts:3000";`,
          `const itemsUrl = (id) => \`\${BASE}/v1/carts/\${id}/items\`;`,
          `const pick = (id) => lookup(id);`,
          `export async function h() {`,
          `  const id = "mine";`,
          `  await axios.get(itemsUrl());`,
          `  await axios.get(pick(id));`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["GET http://carts:3000/v1/carts/{id}/items", "GET {pick(id)}"]);
  });
});

describe("[I] URL functions of another module are read with the caller's arguments", () => {
  it("endpoints.itemsUrl(req.params.id), endpoints.itemUrl('c1', 'i2') and an imported cartItems(id): each argument where its parameter was, each call on its route", () => {
    const result = lintTree({
      ...service("services/front", ["express", "axios"], {
        "src/endpoints.js": `const BASE = process.env.CARTS_URL;\nmodule.exports = {\n  itemsUrl: (cart) => \`\${BASE}/v1/carts/\${cart}/items\`,\n  itemUrl(cart, item) { return BASE + "/v1/carts/" + cart + "/items/" + item; },\n};\n`,
        "src/urls.js": `export const cartItems = (id) => \`\${process.env.CARTS_URL}/v1/carts/\${id}/items\`;\nexport function service(name) { return \`http://\${name}:3000\`; }\n`,
        "src/server.js": `const express = require("express");\nconst axios = require("axios");\nconst endpoints = require("./endpoints");\nimport { cartItems, service } from "./urls";\nconst app = express();\napp.get("/v1/x/:id", async (req, res) => {\n  await axios.get(endpoints.itemsUrl(req.params.id));\n  await axios.delete(endpoints.itemUrl("c1", "i2"));\n  await axios.get(cartItems());\n  await axios.get(service("carts") + "/v1/carts/c9/items");\n});\n`,
      }),
      ...service("services/carts", ["express"], {
        "src/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/carts/:id/items", (req, res) => {});\napp.delete("/v1/carts/:id/items/:item", (req, res) => {});\n`,
      }),
      "docker-compose.yml": "services:\n  front:\n    build: ./services/front\n    environment:\n      CARTS_URL: http://carts:3000\n  carts:\n    build: ./services/carts\n",
    });
    expect(result.model.calls.map((c) => `${c.method} ${c.url} → ${c.targetRoute ?? "-"}`)).toEqual([
      "GET http://carts:3000/v1/carts/{req.params.id}/items → carts GET /v1/carts/:id/items",
      "DELETE http://carts:3000/v1/carts/c1/items/i2 → carts DELETE /v1/carts/:id/items/:item",
      "GET http://carts:3000/v1/carts/{id}/items → carts GET /v1/carts/:id/items",
      "GET http://carts:3000/v1/carts/c9/items → carts GET /v1/carts/:id/items",
    ]);
  });
});
