import { describe, expect, it } from "vitest";
import { dedupeNames } from "../../../src/lint/discover/names.js";
import { packageServiceName } from "../../../src/lint/discover/services.js";
import { lintTree } from "../helpers.js";

const names = (items: { name: string; root: string }[]) => {
  dedupeNames(items);
  return items.map((item) => item.name);
};

describe("[U] dedupeNames", () => {
  it("leaves names that do not clash alone", () => {
    expect(names([{ name: "orders", root: "services/orders" }, { name: "users", root: "services/users" }])).toEqual(["orders", "users"]);
  });

  it("gives each clashing one the shortest folder tail that tells it apart, and never a name another has", () => {
    expect(
      names([
        { name: "api", root: "" },
        { name: "api", root: "billing/api" },
        { name: "api", root: "shipping/api" },
        { name: "billing-api", root: "legacy" },
      ]),
    ).toEqual(["api", "api-2", "shipping-api", "billing-api"]);
  });

  it("a top that is a copy of one folder's package gives the name way: the folder keeps it, the copy is numbered", () => {
    const items = () => [
      { name: "kiosk", root: "" },
      { name: "kiosk", root: "kiosk" },
      { name: "kiosk", root: "old/kiosk" },
    ];
    expect((() => { const list = items(); dedupeNames(list, (root) => root === "kiosk"); return list.map((i) => i.name); })()).toEqual(["kiosk-2", "kiosk", "old-kiosk"]);
    // No copy (or two folders the top repeats, which says nothing of which one it copies): the top keeps its name.
    expect(names(items())).toEqual(["kiosk", "kiosk-2", "old-kiosk"]);
    expect((() => { const list = items(); dedupeNames(list, () => true); return list.map((i) => i.name); })()).toEqual(["kiosk", "kiosk-2", "old-kiosk"]);
  });

  it("a top package.json repeating a folder's word for word is a stray copy: the folder's service keeps the name", () => {
    const manifest = { name: "kiosk", main: "server.js", scripts: { start: "node server.js" }, dependencies: { express: "*" } };
    const server = `const express = require("express");\nconst app = express();\napp.get("/v1/items", (req, res) => res.json([]));\napp.listen(4100);\n`;
    const result = lintTree({ "package.json": manifest, "server.js": server, "kiosk/package.json": manifest, "kiosk/server.js": server });
    expect(result.model.services.map((s) => [s.name, s.root])).toEqual([
      ["kiosk", "kiosk"],
      ["kiosk-2", ""],
    ]);
  });

  it("a folder tail that is another's name is skipped; what no tail tells apart is numbered", () => {
    expect(
      names([
        { name: "api", root: "c" },
        { name: "api", root: "x/c" },
        { name: "c", root: "other" },
      ]),
    ).toEqual(["api", "x-c", "c"]);
    expect(
      names([
        { name: "api", root: "c" },
        { name: "api", root: "d" },
        { name: "c", root: "x" },
        { name: "d", root: "y" },
      ]),
    ).toEqual(["api", "api-2", "c", "d"]);
  });
});

describe("[I] a package.json copied from a sibling and never renamed (acc17a)", () => {
  it("names neither service: each is named by its folder, or by the compose entry that runs it", () => {
    // Written for this test: two Nest-style packages whose package.json files both say @acme/blog.
    const pkg = { name: "@acme/blog", scripts: { start: "node dist/main" }, dependencies: { "@nestjs/core": "*", "@nestjs/platform-express": "*" } };
    const main = `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`;
    const result = lintTree({
      "docker-compose.yml": "services:\n  blog-api:\n    build: ./blog\n",
      "blog/package.json": pkg,
      "blog/src/main.ts": main,
      "ledger/package.json": pkg,
      "ledger/src/main.ts": main,
    });
    expect(result.model.services.map((s) => [s.name, s.root])).toEqual([
      ["blog-api", "blog"],
      ["ledger", "ledger"],
    ]);
  });

  it("a package at the repository's top keeps its name", () => {
    expect(packageServiceName({ dir: "", name: "@acme/shop" }, [{ dir: "", name: "@acme/shop" }, { dir: "tools/shop", name: "shop" }])).toBe("shop");
    expect(packageServiceName({ dir: "tools/shop", name: "shop" }, [{ dir: "", name: "@acme/shop" }, { dir: "tools/shop", name: "shop" }])).toBe("shop");
    expect(packageServiceName({ dir: "apps/a" }, [])).toBe("a");
  });

  it("a name of one or two characters other than its folder's (what `npm init -y` was told) gives way to the folder", () => {
    expect(packageServiceName({ dir: "edge", name: "q" }, [])).toBe("edge");
    expect(packageServiceName({ dir: "svc/relay", name: "@acme/z1" }, [])).toBe("relay");
    // Its folder's own short name, or a package at the top, keeps it.
    expect(packageServiceName({ dir: "apps/ui", name: "ui" }, [])).toBe("ui");
    expect(packageServiceName({ dir: "", name: "q" }, [])).toBe("q");
  });

  it("a starter's own name left in its copy (a template, boilerplate, starter or skeleton) gives way to the folder (acc26b)", () => {
    expect(packageServiceName({ dir: "edge", name: "koa-app-template" }, [])).toBe("edge");
    expect(packageServiceName({ dir: "services/billing", name: "@kit/nest-boilerplate" }, [])).toBe("billing");
    expect(packageServiceName({ dir: "orders", name: "ts-starter-kit" }, [])).toBe("orders");
    // A folder named as a template itself, a name that only contains such a word inside another, or a package at the top keep theirs.
    expect(packageServiceName({ dir: "templates/api-template", name: "rest-template" }, [])).toBe("rest-template");
    expect(packageServiceName({ dir: "mail", name: "mail-templates" }, [])).toBe("mail-templates");
    expect(packageServiceName({ dir: "", name: "express-app-template" }, [])).toBe("express-app-template");
  });

  it("a name made of technology words only gives way to a folder that names a capability", () => {
    expect(packageServiceName({ dir: "ms-ledger", name: "crud-node-ts" }, [])).toBe("ms-ledger");
    expect(packageServiceName({ dir: "services/billing", name: "express-typescript-api" }, [])).toBe("billing");
    // A name with one word of its own keeps it; so does a package whose folder is no better (`backend`, `api`) or at the top.
    expect(packageServiceName({ dir: "ledger", name: "ledger-api" }, [])).toBe("ledger-api");
    expect(packageServiceName({ dir: "backend", name: "node-rest-api" }, [])).toBe("node-rest-api");
    expect(packageServiceName({ dir: "", name: "crud-node-ts" }, [])).toBe("crud-node-ts");
    // A folder named for holding code says no more than the package.
    expect(packageServiceName({ dir: "examples/node/src", name: "node_server" }, [])).toBe("node_server");
  });

  it("a starter template's name never changed gives way to the folder", () => {
    expect(packageServiceName({ dir: "billing-srv", name: "project" }, [])).toBe("billing-srv");
    expect(packageServiceName({ dir: "apps/ledger", name: "nest-typescript-starter" }, [])).toBe("ledger");
    expect(packageServiceName({ dir: "stock", name: "my-app" }, [])).toBe("stock");
    // A name that says what the app is stays, even a plain one.
    expect(packageServiceName({ dir: "services/a1", name: "projects" }, [])).toBe("projects");
    expect(packageServiceName({ dir: "backend", name: "api" }, [])).toBe("api");
  });
});
