import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * A call whose address arch-lint cannot read (a URL a function builds at run time) may well reach another service:
 * whether it does, and so its timeout and the chains through it, are not checked. Counted in the summary only, it read
 * as "nothing to report"; a diagnostic now names the first such call and how many there are.
 */

const kiosk = (handler: string): Tree => ({
  "kiosk/package.json": { name: "kiosk", main: "index.js", dependencies: { express: "*", axios: "*" } },
  "kiosk/index.js": [
    `const express = require("express");`,
    `const axios = require("axios");`,
    `const { addressOf } = require("./registry");`,
    `const getJson = (target) => axios.get(target);`,
    `const app = express();`,
    `app.get("/v1/menu", async (req, res) => {`,
    handler,
    `  res.json([]);`,
    `});`,
    `app.listen(3300);`,
    ``,
  ].join("\n"),
  "kiosk/registry.js": `module.exports.addressOf = (name) => lookup(name);\n`,
});

const unread = (tree: Tree) => lintTree(tree, { only: "unprotected-call" }).diagnostics.filter((d) => d.message.includes("could not be read")).map((d) => `${d.file}:${d.line} ${d.message}`);

describe("[U] calls whose address could not be read", () => {
  it("are said once per service, with the first one's place and how many more (a helper no caller hands a URL to among them)", () => {
    expect(unread(kiosk(`  await axios.get(addressOf("menu") + "/items");\n  await axios.post(addressOf("audit"));`))).toEqual([
      "kiosk/index.js:4 kiosk: the address of 3 calls could not be read (GET {target} at kiosk/index.js:4 and 2 more): whether they reach another service is not known, so timeouts and chains through them are not checked",
    ]);
  });

  it("a helper handed the URL by its callers is not one of them when its callers' URLs are read", () => {
    expect(unread(kiosk(`  await getJson("http://menu:3400/v1/items");`))).toEqual([]);
    expect(unread(kiosk(`  await getJson(addressOf("menu"));`))).toHaveLength(1);
  });
});
