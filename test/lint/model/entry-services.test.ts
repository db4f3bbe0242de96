import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/** Two servers of one package, as a reader starts them by hand: `node a.js` and `node b.js`. */
function twoServers(extra: Tree = {}, pkg: object = {}): Tree {
  return {
    "package.json": { name: "till", dependencies: { express: "*" }, ...pkg },
    "tickets.js": `const express = require("express");\nconst app = express();\napp.get("/tickets", (req, res) => res.json([]));\napp.listen(7001);\n`,
    "refunds.js": `const express = require("express");\nconst app = express();\napp.post("/refunds", (req, res) => res.json({}));\napp.listen(7002);\n`,
    ...extra,
  };
}

const services = (tree: Tree) => lintTree(tree, { only: "unversioned-route" }).model.services.map((s) => `${s.name}${s.entry ? ` ${s.entry}` : ""}`);

describe("[I] one package that starts several servers by hand", () => {
  it("each unimported file that listens is a service named after it, owning its routes", () => {
    const result = lintTree(twoServers(), { only: "unversioned-route" });
    expect(result.model.services.map((s) => `${s.name} ${s.entry}`)).toEqual(["refunds refunds.js", "tickets tickets.js"]);
    expect(result.model.routes.map((r) => `${r.service} ${r.method} ${r.path}`)).toEqual(["refunds POST /refunds", "tickets GET /tickets"]);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      "till: the package at the repository root starts a server from each of refunds.js and tickets.js, and no deployment file says how they run: each is taken for a service of its own (refunds, tickets), its files shared through imports",
    ]);
  });

  it("a package in a folder of its own, which nothing names an entry of, is no library: its entries are services", () => {
    const nested = Object.fromEntries(Object.entries(twoServers()).map(([path, content]) => [`desk/${path}`, content]));
    const result = lintTree(nested, { only: "unversioned-route" });
    expect(result.model.services.map((s) => `${s.name} ${s.root} ${s.entry}`)).toEqual(["refunds desk desk/refunds.js", "tickets desk desk/tickets.js"]);
    expect(result.model.libraries).toEqual([]);
  });

  it("such a package's servers one folder down, all in that folder, are its entries too; in two folders or a stand-in's folder they are not", () => {
    const below = (folder: (file: string) => string) => Object.fromEntries(Object.entries(twoServers()).map(([path, content]) => [path === "package.json" ? `desk/${path}` : `desk/${folder(path)}/${path}`, content]));
    const result = lintTree(below(() => "servers"), { only: "unversioned-route" });
    expect(result.model.services.map((s) => `${s.name} ${s.root} ${s.entry}`)).toEqual(["refunds desk desk/servers/refunds.js", "tickets desk desk/servers/tickets.js"]);
    expect(result.model.libraries).toEqual([]);
    expect(services(below((file) => (file === "tickets.js" ? "servers" : "legacy")))).toEqual([]);
    expect(services(below(() => "mocks"))).toEqual([]);
  });

  it("one server in each of several app folders (api/index-api.js, store/index-store.js), ports from a settings module: each folder a service", () => {
    // Written for this test: a root package with no entry; each folder holds its server and its routes.
    const tree: Tree = {
      "package.json": { name: "kiosk", dependencies: { express: "*" } },
      "config.js": "module.exports = { api: { port: 7100 }, store: { port: 7101 } };\n",
      "api/index-api.js": `const express = require("express");\nconst config = require("../config.js");\nconst items = require("./routes");\nconst app = express();\napp.use("/api/items", items);\napp.listen(config.api.port);\n`,
      "api/routes.js": `const router = require("express").Router();\nrouter.get("/", (req, res) => res.json([]));\nmodule.exports = router;\n`,
      "store/index-store.js": `const express = require("express");\nconst config = require("../config.js");\nconst app = express();\napp.get("/:table", require("./network").list);\napp.listen(config.store.port);\n`,
      "store/network.js": "exports.list = (req, res) => res.json([]);\n",
    };
    const result = lintTree(tree, { only: "unversioned-route" });
    expect(result.model.services.map((s) => `${s.name} ${s.root} ${s.entry}`)).toEqual(["api api api/index-api.js", "store store store/index-store.js"]);
    expect(result.model.routes.map((r) => `${r.service} ${r.method} ${r.path}`).sort()).toEqual(["api GET /api/items", "store GET /:table"]);
    // A folder keeping an older copy of its server beside it (store/index.js and store/index-store.js) is still one
    // folder's process, entered by the file named for it; the other folders stay services of their own.
    const withCopy = lintTree({ ...tree, "store/index.js": tree["store/index-store.js"]! }, { only: "unversioned-route" });
    expect(withCopy.model.services.map((s) => `${s.name} ${s.root} ${s.entry}`)).toEqual(["api api api/index-api.js", "store store store/index-store.js"]);
  });

  it("the same folders when the package's main names one of their servers (main: api/index-api.js, ports from env settings): each folder a service still", () => {
    // Written for this test: the kiosk layout above, its `main` and start naming the api folder's server, the ports read
    // from the environment with no default written; the other folders' servers run as their own processes all the same.
    const tree: Tree = {
      "package.json": { name: "kiosk", main: "api/index-api.js", scripts: { start: "node api/index-api.js" }, dependencies: { express: "*" } },
      "config.js": "module.exports = { api: { port: process.env.API_PORT }, store: { port: process.env.STORE_PORT } };\n",
      "api/index-api.js": `const express = require("express");\nconst config = require("../config.js");\nconst items = require("./routes");\nconst app = express();\napp.use("/api/items", items);\napp.listen(config.api.port);\n`,
      "api/routes.js": `const router = require("express").Router();\nrouter.get("/", (req, res) => res.json([]));\nmodule.exports = router;\n`,
      "store/index-store.js": `const express = require("express");\nconst config = require("../config.js");\nconst app = express();\napp.get("/:table", require("./network").list);\napp.listen(config.store.port);\n`,
      "store/network.js": "exports.list = (req, res) => res.json([]);\n",
    };
    const result = lintTree(tree, { only: "unversioned-route" });
    expect(result.model.services.map((s) => `${s.name} ${s.root} ${s.entry}`)).toEqual(["api api api/index-api.js", "store store store/index-store.js"]);
    expect(result.model.routes.map((r) => `${r.service} ${r.method} ${r.path}`).sort()).toEqual(["api GET /api/items", "store GET /:table"]);
    // A lone server file in a folder with nothing else beside it (a sample, an old copy) does not split the package.
    const { "store/network.js": _network, ...lone } = tree;
    expect(services({ ...lone, "store/index-store.js": `const express = require("express");\nexpress().listen(process.env.STORE_PORT);\n` })).toEqual(["kiosk"]);
  });

  it("a package whose start scripts each run another server file (start, start-post, start-store): each folder a service, its routes theirs", () => {
    // Written for this test: the root package starts its api, and by scripts of their own its post and store servers.
    const tree = (scripts: Record<string, string>): Tree => ({
      "package.json": { name: "kiosk", type: "module", scripts, dependencies: { express: "*" } },
      "settings.js": "export default { api: { port: process.env.PORT || 7100 }, post: { port: 7102 }, store: { port: 7101 } };\n",
      "api/index.js": `import express from "express";\nimport settings from "../settings.js";\nimport items from "./items/network.js";\nconst app = express();\napp.use("/items", items);\napp.listen(settings.api.port);\n`,
      "api/items/network.js": `import { Router } from "express";\nconst router = Router();\nrouter.get("/", (req, res) => res.json([]));\nexport default router;\n`,
      "post/index.js": `import express from "express";\nimport settings from "../settings.js";\nconst app = express();\napp.get("/posts", (req, res) => res.json([]));\napp.listen(settings.post.port);\n`,
      "store/index.js": `import express from "express";\nimport settings from "../settings.js";\nconst app = express();\napp.get("/:table", (req, res) => res.json([]));\napp.listen(settings.store.port);\n`,
      "mock/index.js": `import express from "express";\nconst app = express();\napp.get("/fake", (req, res) => res.json([]));\napp.listen(7999);\n`,
    });
    const split = lintTree(tree({ start: "node --env-file=.env api/index.js", "start:dev": "nodemon api/index.js", "start-post": "node post/index.js", "start-store": "node store/index.js", "start-mock": "node mock/index.js" }), { only: "unversioned-route" });
    expect(split.model.services.map((s) => `${s.name} ${s.root} ${s.entry}`)).toEqual(["api api api/index.js", "post post post/index.js", "store store store/index.js"]);
    expect(split.model.routes.map((r) => `${r.service} ${r.method} ${r.path}`).sort()).toEqual(["api GET /items", "post GET /posts", "store GET /:table"]);
    // The router file no one service owns is the api's through its import: no "no service owns it" notice.
    expect(split.diagnostics.map((d) => d.message)).not.toContainEqual(expect.stringContaining("no service owns it"));
    // One file started by several scripts (dev and production) is one service.
    expect(services(tree({ start: "node api/index.js", dev: "nodemon api/index.js", "start:prod": "node --env-file=.env api/index.js" }))).toEqual(["kiosk"]);
  });

  it("a lone server file is enough in a folder named as a service is (order-service/server.js, gateway/index.js), a gRPC server's bindAsync its listening", () => {
    // Written for this test: a root package with no entry, each service one file, started by hand from its folder.
    const tree = (gatewayFolder: string): Tree => ({
      "package.json": { name: "canteen", dependencies: { express: "*", "@grpc/grpc-js": "*" } },
      "protos/menu.proto": 'syntax = "proto3";\npackage menu;\nservice MenuService {\n  rpc Today (Empty) returns (Menu);\n}\nmessage Empty {}\nmessage Menu { string dish = 1; }\n',
      [`${gatewayFolder}/index.js`]: `const express = require("express");\nconst grpc = require("@grpc/grpc-js");\nconst loader = require("@grpc/proto-loader");\nconst proto = grpc.loadPackageDefinition(loader.loadSync("../protos/menu.proto")).menu;\nconst menu = new proto.MenuService("localhost:7301", grpc.credentials.createInsecure());\nconst app = express();\napp.get("/today", (req, res) => menu.today({}, (err, r) => res.json(r)));\napp.listen(7300);\n`,
      "menu-service/server.js": `const grpc = require("@grpc/grpc-js");\nconst loader = require("@grpc/proto-loader");\nconst proto = grpc.loadPackageDefinition(loader.loadSync("../protos/menu.proto")).menu;\nconst server = new grpc.Server();\nserver.addService(proto.MenuService.service, { today: (call, cb) => cb(null, { dish: "soup" }) });\nserver.bindAsync(\`0.0.0.0:\${7301}\`, grpc.ServerCredentials.createInsecure(), () => server.start());\n`,
    });
    const result = lintTree(tree("gateway"), { only: "unversioned-route" });
    expect(result.model.services.map((s) => `${s.name} ${s.root} ${s.entry}`)).toEqual(["gateway gateway gateway/index.js", "menu-service menu-service menu-service/server.js"]);
    expect(result.model.calls.map((c) => `${c.service} → ${c.targetService} ${c.url}`)).toEqual(["gateway → menu-service MenuService/Today"]);
    // A lone file in a folder named like no service may be an old copy: not taken for one.
    expect(services(tree("kiosk"))).toEqual([]);
  });

  it("two sibling packages that name no entry, each with one server file at its top: each its own service, never the other's entry", () => {
    const pkg = (name: string, port: number, lib = false): Tree => ({
      [`${name}/package.json`]: { name: name.toLowerCase(), main: "index.js", dependencies: { express: "*" } },
      [`${name}/Server.js`]: `const express = require("express");\nconst app = express();\napp.get("/v1/${name.toLowerCase()}", (req, res) => res.json([]));\napp.listen(${port});\n`,
      ...(lib ? { [`${name}/util.js`]: `exports.clamp = (n) => Math.max(0, n);\n` } : {}),
    });
    const result = lintTree({ ...pkg("Cart", 3002), ...pkg("Product", 3001) }, { only: "unversioned-route" });
    expect(result.model.services.map((s) => `${s.name} ${s.root} ${s.entry}`).sort()).toEqual(["cart Cart Cart/Server.js", "product Product Product/Server.js"]);
    expect(result.model.routes.map((r) => `${r.service} ${r.path}`).sort()).toEqual(["cart /v1/cart", "product /v1/product"]);
    // A front end whose start script serves its built pages (vite, a UI framework, express to serve dist/) was judged by
    // discovery: its one server file makes no service.
    const frontEnd: Tree = {
      "Admin/package.json": { name: "admin", main: "server.js", scripts: { start: "node server.js", build: "vite build" }, dependencies: { express: "*" }, devDependencies: { vue: "*", vite: "*" } },
      "Admin/vite.config.ts": `export default {};\n`,
      "Admin/server.js": `const express = require("express");\nconst app = express();\napp.use(express.static("dist"));\napp.listen(8080);\n`,
    };
    expect(lintTree({ ...pkg("Cart", 3002), ...frontEnd }, { only: "unversioned-route" }).model.services.map((s) => s.name)).toEqual(["cart"]);
    // A package another package's code imports from is a library that happens to start a server: no service.
    const used = lintTree({ ...pkg("Cart", 3002), ...pkg("Shared", 3009, true), "Cart/src/total.js": `const { clamp } = require("../../Shared/util");\nexports.total = (n) => clamp(n);\n` }, { only: "unversioned-route" });
    expect(used.model.services.map((s) => s.name)).toEqual(["cart"]);
  });

  it("a package whose main names a missing file, with its one server a folder down among the code it loads: that server is its entry", () => {
    const tree = (extra: Tree = {}): Tree => ({
      "package.json": { name: "lending", main: "index.js", dependencies: { koa: "*", "koa-router": "*" } },
      "server/index.js": `const Koa = require("koa");\nconst routes = require("./routes");\nconst app = new Koa();\napp.use(routes.routes());\napp.listen(3000);\n`,
      "server/routes.js": `const Router = require("koa-router");\nconst router = new Router();\nrouter.get("/loans", (ctx) => { ctx.body = []; });\nmodule.exports = router;\n`,
      ...extra,
    });
    const result = lintTree(tree(), { only: "unversioned-route" });
    expect(result.model.services.map((s) => `${s.name} ${s.root || "."} ${s.entry}`)).toEqual(["lending . server/index.js"]);
    expect(result.model.routes.map((r) => `${r.service} ${r.method} ${r.path}`)).toEqual(["lending GET /loans"]);
    expect(result.findings.map((f) => f.message)).toEqual(["GET /loans in lending has no version segment; serve it under a version such as /v1/loans"]);
    // A root package beside service folders of its own: the server a folder down is a sibling's or a template's, not its entry.
    const beside = lintTree({ ...tree(), "package.json": { dependencies: { koa: "*", "koa-router": "*", express: "*" } }, "docker-compose.yml": "services:\n  billing:\n    build: ./billing\n", ...service("billing", ["express"], { "index.js": `const express = require("express");\nconst app = express();\napp.get("/v1/bills", (req, res) => res.json([]));\napp.listen(3001);\n` }) }, { only: "unversioned-route" });
    expect(beside.model.services.map((s) => `${s.name} ${s.root || "."}`)).toEqual(["billing billing"]);
    // A lone server file in a folder with nothing else may be an old copy or a sample: not taken for the entry.
    expect(services({ "package.json": { name: "lending", main: "index.js", dependencies: { koa: "*" } }, "sample/index.js": `const Koa = require("koa");\nnew Koa().listen(3000);\n` })).toEqual([]);
  });

  it("stays one service when a start script runs one of them and another's port is not written (an alternative)", () => {
    const devServer = { "refunds.js": `const express = require("express");\nconst app = express();\napp.post("/refunds", (req, res) => res.json({}));\napp.listen(process.env.PORT);\n` };
    expect(services(twoServers(devServer, { scripts: { start: "node ./tickets.js" } }))).toEqual(["till"]);
    expect(services(twoServers(devServer, { main: "tickets.js" }))).toEqual(["till"]);
  });

  it("splits when main runs one of them but each listens on a port of its own, written in the code", () => {
    // The fastify app made by require("fastify")(), the CommonJS form of its docs, is an app too.
    const gateway = { "index.js": `const fastify = require("fastify")({ logger: true });\nfastify.get("/", (req, reply) => reply.send("gateway"));\nfastify.listen(3000);\n` };
    expect(services(twoServers(gateway, { main: "index.js", scripts: { start: "nodemon ." } }))).toEqual(["refunds refunds.js", "tickets tickets.js", "till index.js"]);
  });

  it("splits when the scripts run both, and not when both listen on one port", () => {
    expect(services(twoServers({}, { scripts: { "start:tickets": "node tickets.js", "start:refunds": "nodemon refunds.js" } }))).toEqual(["refunds refunds.js", "tickets tickets.js"]);
    // Nothing names an entry, and the two cannot run side by side: no service at all, as before (and said).
    const onePort = lintTree(twoServers({ "refunds.js": `const express = require("express");\nexpress().listen(process.env.PORT || 7001);\n` }), { only: "unversioned-route" });
    expect(onePort.model.services).toEqual([]);
    expect(onePort.diagnostics.map((d) => d.message.slice(0, 50))).toEqual(["no service was found, so nothing was checked, thou"]);
  });

  it("stays one service when something deploys it, when one file imports the other, or for a mock server", () => {
    expect(services(twoServers({ "docker-compose.yml": "services:\n  till:\n    build: .\n" }))).toEqual(["till"]);
    expect(services(twoServers({ "index.js": `const tickets = require("./tickets");\nconst refunds = require("./refunds");\n` }))).toEqual(["till"]);
    // Required or imported only to run them: one process that starts both servers.
    expect(services(twoServers({ "index.js": `require("./tickets");\nrequire("./refunds");\n` }))).toEqual(["till"]);
    expect(services(twoServers({ "src/index.ts": `import "../tickets.js";\nimport "../refunds.js";\n` }))).toEqual(["till"]);
    const { "refunds.js": _refunds, ...ticketsOnly } = twoServers({ "index.js": `const tickets = require("./tickets");\n` });
    expect(services({ ...ticketsOnly, "mock-refunds.js": `const express = require("express");\nexpress().listen(7002);\n` })).toEqual(["till"]);
    expect(services({ ...ticketsOnly, "scripts/refunds.js": `const express = require("express");\nexpress().listen(7002);\n` })).toEqual(["till"]);
    // A package of stand-in servers for development or of examples is no set of services.
    for (const folder of ["mock-upstreams", "examples/till"]) {
      const standIns = Object.fromEntries(Object.entries(twoServers()).map(([path, content]) => [`${folder}/${path}`, content]));
      expect(services(standIns), folder).toEqual([]);
    }
  });
});

describe("[I] one package whose start script runs several of its files side by side (acc13e)", () => {
  const tree = (start: string): Tree => ({
    "package.json": {
      name: "post-room",
      main: "index.js",
      scripts: { "run-intake": "node ./intake/index.js", "run-mailer": "nodemon mailer/index.js", start },
      dependencies: { express: "*", "sqs-consumer": "*", "npm-run-all": "*" },
    },
    "intake/index.js": `const express = require("express");\nconst queue = require("../shared/queue");\nconst app = express();\napp.post("/v1/letters", (req, res) => { queue.push(req.body); res.end(); });\napp.listen(7100);\n`,
    "mailer/index.js": `const { Consumer } = require("sqs-consumer");\nconst queue = require("../shared/queue");\nConsumer.create({ queueUrl: queue.url, handleMessage: async () => {} }).start();\n`,
    "shared/queue.js": `module.exports = { url: process.env.LETTERS_QUEUE_URL, push() {} };\n`,
  });

  it("npm-run-all -p, run-p or concurrently over scripts that each start a file: each file a service, named after its folder (a consumer listening on no port too)", () => {
    for (const start of ["npm-run-all -p -r run-intake run-mailer", "run-p run-intake run-mailer", `concurrently "npm run run-intake" "npm run run-mailer"`]) {
      const result = lintTree(tree(start), { only: "unversioned-route" });
      expect(result.model.services.map((s) => `${s.name} ${s.root} ${s.entry}`)).toEqual(["intake intake intake/index.js", "mailer mailer mailer/index.js"]);
      expect(result.model.routes.map((r) => `${r.service} ${r.method} ${r.path}`)).toEqual(["intake POST /v1/letters"]);
    }
  });

  it("reads the file each script starts past the runner's options and their values (`node -r ./tracing.js ./intake/index.js`)", () => {
    const preloaded = tree(`concurrently 'npm run run-intake' 'npm run run-mailer'`);
    const pkg = preloaded["package.json"] as { scripts: Record<string, string> };
    pkg.scripts["run-intake"] = "SERVICE_NAME=intake node -r ./tracing.js --enable-source-maps ./intake/index.js";
    pkg.scripts["run-mailer"] = "nodemon --watch mailer -e js,json --exec node mailer/index.js";
    expect(services({ ...preloaded, "tracing.js": "module.exports = {};\n" })).toEqual(["intake intake/index.js", "mailer mailer/index.js"]);
  });

  it("the side-by-side run as a later step of the start script, after the build (`npm run compile && npx concurrently …`)", () => {
    for (const start of [`npm run compile && concurrently --kill-others "npm run run-intake" "npm run run-mailer"`, "tsc; npx run-p run-intake run-mailer"]) {
      expect(services(tree(start))).toEqual(["intake intake/index.js", "mailer mailer/index.js"]);
    }
  });

  it("scripts that run the build of TypeScript kept at the package's top (`node dist/intake/index.js` from `intake/index.ts`)", () => {
    const built = tree(`npm run compile && concurrently "npm run run-intake" "npm run run-mailer"`);
    const pkg = built["package.json"] as { scripts: Record<string, string> };
    pkg.scripts = { ...pkg.scripts, compile: "tsc", "run-intake": "node dist/intake/index.js", "run-mailer": "node ./dist/mailer/index.js" };
    const ts: Tree = { "package.json": pkg, "tsconfig.json": { compilerOptions: { outDir: "dist" } } };
    for (const [file, code] of Object.entries(built)) if (file.endsWith(".js")) ts[file.replace(/\.js$/, ".ts")] = code;
    expect(services(ts)).toEqual(["intake intake/index.ts", "mailer mailer/index.ts"]);
  });

  it("a start script that runs its scripts one after another (npm-run-all without -p), or one script, keeps one service", () => {
    expect(services(tree("npm-run-all run-intake run-mailer"))).toEqual(["post-room"]);
    expect(services(tree("npm run run-intake"))).toEqual(["post-room"]);
  });
});

describe("[I] one package whose start shell script runs each of its servers as a process", () => {
  const hub = (script: string): Tree => ({
    "package.json": { name: "cinema", main: "index.js", dependencies: { express: "*", axios: "*" } },
    // The index requires every server (so none is an unimported entry): the script, not the index, says how they run.
    "index.js": `require("./apps/screens");\nrequire("./apps/seats");\nrequire("./apps/front");\n`,
    "apps/screens.js": `const app = require("express")();\napp.get("/v1/screens", (req, res) => res.json([]));\napp.listen(6201);\n`,
    "apps/seats.js": `const app = require("express")();\napp.get("/v1/seats", (req, res) => res.json([]));\napp.listen(6202);\n`,
    "apps/front.js": `const axios = require("axios");\nconst app = require("express")();\napp.get("/v1/board", async (req, res) => {\n  const screens = await axios.get("http://localhost:6201/v1/screens", { timeout: 300 });\n  res.json(screens.data);\n});\napp.listen(6200);\n`,
    "startAll.sh": script,
  });

  it("pm2 start, forever start or node lines of a start*.sh beside the package: each file a service, calls between them resolved", () => {
    for (const script of [
      "#!/bin/sh\npm2 start apps/screens.js -i 2\npm2 start apps/seats.js -i 2\npm2 start apps/front.js --name front\n",
      "forever start apps/screens.js\nforever start apps/seats.js\nforever start apps/front.js\n",
      "node apps/screens.js &\nnode apps/seats.js &\nnode apps/front.js\n",
    ]) {
      const { model } = lintTree(hub(script), { only: "unversioned-route" });
      expect(model.services.map((s) => `${s.name} ${s.entry}`), script).toEqual(["front apps/front.js", "screens apps/screens.js", "seats apps/seats.js"]);
      expect(model.calls.map((c) => `${c.service} → ${c.targetService}`)).toEqual(["front → screens"]);
    }
  });

  it("a script named otherwise (build.sh), or one that starts a single file, keeps one service", () => {
    const build = hub("pm2 start apps/screens.js\npm2 start apps/seats.js\n");
    build["build.sh"] = build["startAll.sh"]!;
    delete build["startAll.sh"];
    expect(services(build)).toEqual(["cinema"]);
    expect(services(hub("pm2 start apps/front.js\n"))).toEqual(["cinema"]);
  });
});

describe("[I] a service folder inside a package, its own package.json missing (acc22a)", () => {
  const listen = (route: string, port: number) => `const express = require("express");\nconst routes = require("./routes");\nconst app = express();\napp.use("${route}", routes);\napp.listen(${port});\n`;
  const routes = (path: string) => `const router = require("express").Router();\nrouter.get("${path}", (req, res) => res.json([]));\nmodule.exports = router;\n`;
  const tree = (folder: string, pkg: object = {}): Tree => ({
    "package.json": { name: "kiosk", main: "server.js", scripts: { start: "node server.js" }, dependencies: { express: "*" }, ...pkg },
    "server.js": listen("/v1/screens", 6100),
    "routes.js": routes("/"),
    [`${folder}/server.js`]: listen("/v1/bills", 6101),
    [`${folder}/routes.js`]: routes("/:id"),
    "stock-service/package.json": { name: "stock-service", main: "index.js", dependencies: { express: "*" } },
    "stock-service/index.js": `const app = require("express")();\napp.get("/v1/stock", (req, res) => res.end());\napp.listen(6102);\n`,
  });

  it("a folder named as a service is, with a server nothing imports or starts, is a service owning its files", () => {
    const { model } = lintTree(tree("billing-service"), { only: "unversioned-route" });
    expect(model.services.map((s) => `${s.name} ${s.root || "."}`).sort()).toEqual(["billing-service billing-service", "kiosk .", "stock-service stock-service"]);
    expect(model.routes.map((r) => `${r.service} ${r.method} ${r.path}`).sort()).toEqual(["billing-service GET /v1/bills/:id", "kiosk GET /v1/screens", "stock-service GET /v1/stock"]);
  });

  it("not for a folder named otherwise, a stand-in's, or the server the package's own start runs", () => {
    expect(services(tree("tools"))).toEqual(["kiosk", "stock-service"]);
    expect(services(tree("mock-service"))).toEqual(["kiosk", "stock-service"]);
    expect(services(tree("billing-service", { main: "billing-service/server.js", scripts: { start: "node billing-service/server.js" } }))).toEqual(["kiosk", "stock-service"]);
  });

  it("a folder whose server a script of the package runs side by side is that script's service, not a second one", () => {
    const pkg = { main: undefined, scripts: { start: `concurrently "npm run start:screens" "npm run start:bills"`, "start:screens": "node server.js", "start:bills": "node billing-service/server.js" } };
    expect(services(tree("billing-service", pkg))).toEqual(["billing-service billing-service/server.js", "kiosk server.js", "stock-service"]);
  });
});

describe("[I] a root package whose concurrently start hands it each folder's command (`cd billing && nodemon app.js`)", () => {
  // Written for this test: a workshop backend whose folders hold one app each and no package.json of their own; the
  // top package has the dependencies and starts every folder side by side.
  const workshop = (dev: string): Tree => ({
    "package.json": { name: "workshop-api", scripts: { dev }, dependencies: { express: "*" }, devDependencies: { concurrently: "*", nodemon: "*" } },
    "billing/app.js": `const express = require("express");\nconst { total } = require("./sum");\nconst app = express();\napp.get("/v1/invoices", (req, res) => res.json(total([])));\napp.listen(5301);\n`,
    "billing/sum.js": `exports.total = (rows) => rows.length;\n`,
    "garage/app.js": `const express = require("express");\nconst app = express();\napp.post("/v1/bookings", (req, res) => res.status(201).end());\napp.listen(5302);\n`,
  });
  const layout = (dev: string) => lintTree(workshop(dev), { only: "unversioned-route" }).model.services.map((s) => `${s.name} ${s.root} ${s.entry}`);

  it("each folder the commands move into and start a file of is a service, named after the folder", () => {
    expect(layout(`concurrently "cd billing && nodemon app.js" "cd garage && nodemon app.js"`)).toEqual(["billing billing billing/app.js", "garage garage garage/app.js"]);
  });

  it("also when the commands name the file from the top (`node garage/app.js`), or mix both", () => {
    expect(layout(`npx concurrently -k "node billing/app.js" "cd garage && node app.js"`)).toEqual(["billing billing billing/app.js", "garage garage garage/app.js"]);
    expect(layout(`concurrently -n 'BILL,GARAGE' --prefix-colors "blue,green" "cd billing && nodemon app.js" "cd garage && nodemon app.js"`)).toEqual(["billing billing billing/app.js", "garage garage garage/app.js"]);
  });

  it("a command that starts no file of the package (a front end's `cd web && npm start`) keeps one service", () => {
    expect(layout(`concurrently "cd billing && nodemon app.js" "cd web && npm start"`)).toEqual(["workshop-api  undefined"]);
  });
});
