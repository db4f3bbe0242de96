import { describe, expect, it } from "vitest";
import { lintTree, service } from "./helpers.js";

/** Calls made on a handler's behalf through workspace packages and tsconfig `paths`. */
describe("[I] following calls across modules", () => {
  it("workspace package names and tsconfig paths lead from a handler to its calls", () => {
    const result = lintTree({
      "package.json": { name: "acme", private: true, workspaces: ["packages/*", "services/*"] },
      "packages/clients/package.json": { name: "@acme/clients", main: "dist/index.js" },
      "packages/clients/src/index.ts": `export { getUser } from "./users.js";\n`,
      "packages/clients/src/users.ts": `export async function getUser(id: string) {\n  return (await fetch(\`\${process.env.USERS_URL}/v1/users/\${id}\`)).json();\n}\n`,
      ...service("services/orders", ["express", "@acme/clients"], {
        "src/server.ts": `import express from "express";\nimport { getUser } from "@acme/clients";\nconst app = express();\napp.get("/v1/orders/:id", async (req, res) => res.json(await getUser(req.params.id)));\n`,
      }),
      ...service("services/users", ["fastify"], {
        "tsconfig.json": `{\n  // comments are allowed\n  "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } }\n}\n`,
        "src/server.ts": `import Fastify from "fastify";\nimport * as billing from "@/lib/billing";\nconst app = Fastify();\napp.get("/v1/users/:id", async (req) => billing.account(req.params.id));\n`,
        "src/lib/billing.ts": `const BILLING = process.env.BILLING_URL ?? "http://billing:3000";\nexport const account = (id: string) => fetch(\`\${BILLING}/v1/accounts/\${id}\`);\n`,
      }),
      ...service("services/billing", ["express"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/accounts/:id", (req, res) => res.json({}));\n`,
      }),
    });
    expect(result.model.services.map((s) => s.name)).toEqual(["billing", "orders", "users"]);
    const chain = result.findings.find((f) => f.messageId === "chain");
    expect(chain?.message).toContain("orders GET /v1/orders/:id → users GET /v1/users/:id → billing GET /v1/accounts/:id");
    expect(chain?.evidence.map((e) => `${e.location.file}:${e.location.line}`)).toEqual([
      "services/orders/src/server.ts:4",
      "services/orders/src/server.ts:4",
      "packages/clients/src/users.ts:2",
      "services/users/src/server.ts:4",
      "services/users/src/server.ts:4",
      "services/users/src/lib/billing.ts:2",
      "services/billing/src/server.ts:3",
    ]);
  });

  it("a shared package's call resolves with the env of the service that makes it", () => {
    const result = lintTree({
      "package.json": { name: "acme", private: true, workspaces: ["packages/*", "services/*"] },
      "packages/peer/package.json": { name: "@acme/peer" },
      "packages/peer/src/index.ts": `export const callPeer = async () => (await fetch(\`\${process.env.PEER_URL}/v1/work\`)).json();\n`,
      "docker-compose.yml": "services:\n  a:\n    build: ./services/a\n    environment:\n      PEER_URL: http://b:3000\n  b:\n    build: ./services/b\n    environment:\n      PEER_URL: http://c:3000\n  c:\n    build: ./services/c\n",
      ...["a", "b"].reduce((tree, name) => ({
        ...tree,
        ...service(`services/${name}`, ["express", "@acme/peer"], {
          "src/server.ts": `import express from "express";\nimport { callPeer } from "@acme/peer";\nconst app = express();\napp.get("/v1/work", async (req, res) => res.json(await callPeer()));\n`,
        }),
      }), {}),
      ...service("services/c", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/work", (req, res) => res.json({}));\n` }),
    });
    // No service of this tree starts a tracer: missing-tracing has tests of its own.
    expect(result.findings.filter((f) => f.ruleId !== "missing-tracing" && f.ruleId !== "unprotected-call").map((f) => f.message)).toEqual([
      "GET /v1/work in a waits on a chain of 2 synchronous calls (more than 1): a GET /v1/work → b GET /v1/work → c GET /v1/work",
    ]);
  });
});

describe("[I] hosts that name a service without being its host", () => {
  const tree = (url: string) => ({
    "docker-compose.yml": "services:\n  front:\n    build: ./services/front\n  catalogue:\n    build: ./services/catalogue\n",
    ...service("services/front", ["express", "axios"], {
      "src/server.ts": `import express from "express";\nimport axios from "axios";\nconst domain = readDomain();\nconst app = express();\napp.get("/v1/items", async (req, res) => res.json(await axios.get(${url})));\n`,
    }),
    ...service("services/catalogue", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/items", (req, res) => res.json([]));\n` }),
  });
  const call = (url: string) => {
    const found = lintTree(tree(url)).model.calls.find((c) => c.service === "front")!;
    return `${found.url} → ${found.targetRoute ?? "none"}: ${found.resolution}`;
  };

  it("a Kubernetes Service DNS name: its first label", () => {
    expect(call(`"http://catalogue.shop.svc.cluster.local/v1/items"`)).toBe("http://catalogue.shop.svc.cluster.local/v1/items → catalogue GET /v1/items: host catalogue.shop.svc.cluster.local (a Kubernetes Service DNS name)");
    expect(call(`"http://catalogue.shop.svc:8080/v1/items"`)).toBe("http://catalogue.shop.svc:8080/v1/items → catalogue GET /v1/items: host catalogue.shop.svc (a Kubernetes Service DNS name)");
  });

  it("a service name followed by a suffix set at run time", () => {
    expect(call("`http://catalogue${readDomain()}/v1/items`")).toBe("http://catalogue{readDomain()}/v1/items → catalogue GET /v1/items: host catalogue{readDomain()} (the host's first label, the rest set at run time)");
  });

  it("a proxy appending the incoming path after the suffix: the service, no route", () => {
    const found = lintTree(tree("`http://catalogue${domain}${req.url}`")).model.calls.find((c) => c.service === "front")!;
    expect([found.url, found.targetService, found.targetRoute, found.resolution]).toEqual([
      "http://catalogue{readDomain()}{req.url}",
      "catalogue",
      undefined,
      "host catalogue{readDomain()}{req.url} (the host's first label, the rest set at run time)",
    ]);
  });

  it("a part of the path from a CommonJS helper module is shown by the function's name", () => {
    const found = lintTree({
      ...tree("`http://catalogue/v1/items/${helpers.pick(req)}`"),
      "services/front/src/helpers.js": `exports.pick = (req) => req.query.id;\n`,
      "services/front/src/server.ts": `import express from "express";\nimport axios from "axios";\nconst helpers = require("./helpers");\nconst app = express();\napp.get("/v1/items", async (req, res) => res.json(await axios.get(\`http://catalogue/v1/items/\${helpers.pick(req)}\`)));\n`,
    }).model.calls.find((c) => c.service === "front")!;
    expect(found.url).toBe("http://catalogue/v1/items/{pick()}");
  });

  it("an unknown host made at run time is unresolved, with the reason", () => {
    expect(call("`http://${readDomain()}/v1/items`")).toBe("http://{readDomain()}/v1/items → none: the host {readDomain()} did not resolve");
    expect(call(`"http://catalogue.example.com/v1/items"`)).toBe("http://catalogue.example.com/v1/items → none: host catalogue.example.com is not a known service");
    expect(call("`http://shop-${readDomain()}/v1/items`")).toBe("http://shop-{readDomain()}/v1/items → none: the host shop-{readDomain()} did not resolve");
  });
});

describe("[I] localhost calls to the port a service's code listens on", () => {
  const tree = (customersListen: string, extra: Record<string, string | object> = {}) => ({
    ...service("orders", ["express", "axios"], {
      "orders.js": `const express = require("express");\nconst app = express();\nconst { getOrder } = require("./orders.controller");\napp.get("/order/:id", getOrder);\napp.listen(7777);\n`,
      "orders.controller.js": `const axios = require("axios");\nmodule.exports = {\n  getOrder: async (req, res) => {\n    const customer = await axios.get(\`http://localhost:5555/customer/\${req.params.id}\`);\n    const book = await axios.get(\`http://localhost:4545/book/\${req.params.id}\`);\n    res.json([customer.data, book.data]);\n  },\n};\n`,
    }),
    ...service("customers", ["express"], { "customers.js": `const express = require("express");\nconst app = express();\napp.get("/customer/:id", (req, res) => res.json({}));\n${customersListen}\n` }),
    ...service("books", ["express"], { "books.js": `const express = require("express");\nconst app = express();\nconst port = 4545;\napp.get("/book/:id", (req, res) => res.json({}));\napp.listen(port, () => console.log("up"));\n` }),
    ...extra,
  });
  const targets = (files: Record<string, string | object>) => {
    const result = lintTree(files);
    return {
      calls: result.model.calls.map((c) => `${c.url} → ${c.targetRoute ?? c.resolution}`),
      sequential: result.findings.filter((f) => f.messageId === "sequential").map((f) => f.message),
    };
  };

  it("app.listen(5555), const port = 4545; app.listen(port): the only service on that port; a handler exported in module.exports = { ... }", () => {
    expect(targets(tree("app.listen(5555);"))).toEqual({
      calls: ["http://localhost:5555/customer/{req.params.id} → customers GET /customer/:id", "http://localhost:4545/book/{req.params.id} → books GET /book/:id"],
      sequential: ["GET /order/:id in orders awaits customers and books one after another; run independent calls in parallel (Promise.all) or move them off the request path"],
    });
  });

  it("process.env.PORT || 5555 takes the service's PORT when it is set", () => {
    const moved = targets(tree("app.listen(process.env.PORT || 5555);", { "customers/.env": "PORT=5600\n" }));
    expect(moved.calls[0]).toBe("http://localhost:5555/customer/{req.params.id} → host localhost is not a known service");
    expect(targets(tree("app.listen(process.env.PORT || 5555);")).calls[0]).toBe("http://localhost:5555/customer/{req.params.id} → customers GET /customer/:id");
  });

  it("two services on one port: neither", () => {
    expect(targets(tree("app.listen(4545);")).calls).toEqual(["http://localhost:5555/customer/{req.params.id} → host localhost is not a known service", "http://localhost:4545/book/{req.params.id} → host localhost is not a known service"]);
  });

  it("a port only an example env file gives (APP_PORT=5555 in .env.example, `process.env.APP_PORT || 3000` in the code) is one it listens on", () => {
    const customers = `const express = require("express");\nrequire("dotenv").config();\nconst app = express();\napp.get("/customer/:id", (req, res) => res.json({}));\nconst PORT = process.env.APP_PORT || 3000;\nconst server = app.listen(PORT, () => console.log(PORT));\n`;
    const files = tree("", { "customers/customers.js": customers, "customers/.env.example": "APP_PORT=5555\n" });
    files["customers/package.json"] = { name: "customers", main: "customers.js", dependencies: { express: "*", dotenv: "*" } };
    expect(targets(files).calls[0]).toBe("http://localhost:5555/customer/{req.params.id} → customers GET /customer/:id");
  });

  it("two copies of one system side by side on the same ports: each caller reaches the service in its own folder", () => {
    const system = (root: string) => ({
      ...service(`${root}/hub`, ["express", "axios"], {
        "hub.js": `const express = require("express");\nconst axios = require("axios");\nconst app = express();\napp.post("/notes", async (req, res) => {\n  await axios.post("http://localhost:6100/notes", req.body);\n  res.end();\n});\napp.listen(6200);\n`,
      }),
      ...service(`${root}/ledger`, ["express"], { "ledger.js": `const express = require("express");\nconst app = express();\napp.post("/notes", (req, res) => res.end());\napp.listen(6100);\n` }),
    });
    const result = lintTree({ ...system("first"), ...system("second") });
    const byCaller = result.model.calls.map((c) => `${c.service} → ${c.targetService ?? c.resolution}`);
    const rootOf = new Map(result.model.services.map((s) => [s.name, s.root]));
    expect(byCaller).toHaveLength(2);
    for (const call of result.model.calls) expect(rootOf.get(call.targetService ?? "")).toBe(rootOf.get(call.service)!.replace(/hub$/, "ledger"));
  });
});

describe("[I] module-alias's _moduleAliases in package.json", () => {
  it("a router imported through an alias the package.json declares is followed to its routes", () => {
    const result = lintTree({
      "ledger/package.json": { name: "ledger", main: "index.js", dependencies: { express: "*", "module-alias": "*" }, _moduleAliases: { "@books": "src/books/", "@root": "." } },
      "ledger/index.js": `require("module-alias/register");\nconst express = require("express");\nconst entries = require("@books/http/entries.route");\nconst app = express();\napp.use("/entries", entries);\napp.listen(4100);\n`,
      "ledger/src/books/http/entries.route.js": `const { Router } = require("express");\nconst router = Router();\nrouter.get("/", (req, res) => res.json([]));\nrouter.delete("/:id", (req, res) => res.end());\nmodule.exports = router;\n`,
    });
    expect(result.model.routes.map((r) => `${r.method} ${r.path} ${r.location.file}`)).toEqual([
      "GET /entries ledger/src/books/http/entries.route.js",
      "DELETE /entries/:id ledger/src/books/http/entries.route.js",
    ]);
  });
});

describe("[I] jsconfig.json paths", () => {
  it("a JavaScript service's router imported through a jsconfig.json alias is followed to its routes", () => {
    const result = lintTree({
      "ledger/package.json": { name: "ledger", main: "index.js", dependencies: { express: "*", "link-module-alias": "*" } },
      "ledger/jsconfig.json": `{ "compilerOptions": { "baseUrl": ".", "paths": { "@http/*": ["src/http/*"] } } }\n`,
      "ledger/index.js": `const express = require("express");\nconst entries = require("@http/entries.route");\nconst app = express();\napp.use("/entries", entries);\napp.listen(4100);\n`,
      "ledger/src/http/entries.route.js": `const { Router } = require("express");\nconst router = Router();\nrouter.get("/", (req, res) => res.json([]));\nmodule.exports = router;\n`,
    });
    expect(result.model.routes.map((r) => `${r.method} ${r.path} ${r.location.file}`)).toEqual(["GET /entries ledger/src/http/entries.route.js"]);
  });
});

describe("[I] an index module that passes another module's export on", () => {
  it("module.exports = require(\"./routes\") in a folder mounted by its name: the routes keep every mount above them", () => {
    const result = lintTree({
      "desk/package.json": { name: "desk", main: "server.js", dependencies: { express: "*" } },
      "desk/server.js": `const express = require("express");\nconst app = express();\napp.use("/desk", require("./desk"));\napp.listen(4200);\n`,
      "desk/desk/index.js": `const { Router } = require("express");\nconst router = Router();\nrouter.use("/v2", require("./tickets"));\nmodule.exports = router;\n`,
      "desk/desk/tickets/index.js": `module.exports = require("./tickets.routes");\n`,
      "desk/desk/tickets/tickets.routes.js": `const { Router } = require("express");\nconst router = Router();\nrouter.get("/tickets", (req, res) => res.json([]));\nmodule.exports = router;\n`,
    });
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /desk/v2/tickets"]);
    expect(result.findings.filter((f) => f.ruleId === "unversioned-route")).toEqual([]);
  });
});

describe("[I] endpoint modules that export URL-building functions", () => {
  it("endpoints.user(id) of module.exports = { user: (id) => ... }, imported arrow and function declarations", () => {
    const result = lintTree({
      "docker-compose.yml": "services:\n  front:\n    build: ./front\n    environment:\n      USERS_URL: http://users:3000\n  users:\n    build: ./users\n  carts:\n    build: ./carts\n",
      ...service("front", ["express", "axios"], {
        "src/endpoints.js": `const CARTS = "http://carts:3000";\nmodule.exports = {\n  user: (id) => \`\${process.env.USERS_URL}/v1/users/\${id}\`,\n  cart(id) { return CARTS + "/v1/carts/" + id; },\n};\n`,
        "src/urls.ts": `const CARTS = "http://carts:3000";\nexport const itemsUrl = (cart: string) => \`\${CARTS}/v1/carts/\${cart}/items\`;\nexport function profileUrl(id: string) {\n  return \`\${process.env.USERS_URL}/v1/users/\${id}/profile\`;\n}\n`,
        "src/server.ts": `import express from "express";\nimport axios from "axios";\nimport { itemsUrl, profileUrl } from "./urls";\nconst endpoints = require("./endpoints");\nconst app = express();\napp.get("/v1/home", async (req, res) => {\n  await axios.get(endpoints.user(req.params.id));\n  await axios.get(itemsUrl("c1"));\n  await axios.get(profileUrl("u1"));\n  await axios.get(endpoints.cart("c2"));\n  res.json({});\n});\n`,
      }),
      ...service("users", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/users/:id", (req, res) => res.json({}));\napp.get("/v1/users/:id/profile", (req, res) => res.json({}));\n` }),
      ...service("carts", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/carts/:id/items", (req, res) => res.json({}));\n` }),
    });
    expect(result.model.calls.map((c) => `${c.url} → ${c.targetRoute ?? c.resolution}`)).toEqual([
      "http://users:3000/v1/users/{req.params.id} → users GET /v1/users/:id",
      "http://carts:3000/v1/carts/c1/items → carts GET /v1/carts/:id/items",
      "http://users:3000/v1/users/u1/profile → users GET /v1/users/:id/profile",
      "http://carts:3000/v1/carts/c2 → host carts",
    ]);
  });
});
