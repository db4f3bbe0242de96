import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";
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
