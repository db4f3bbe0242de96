import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * Handlers written the other ways real services write them: methods of a routes class
 * (`this.list`, arrow-function fields), CommonJS `exports.get = …` controllers, and
 * app-wide middleware (`app.use(auth)`) that runs before every route declared after it.
 */

const plain = (name: string, method: string, path: string): Tree =>
  service(`services/${name}`, ["express"], { "src/server.js": `const express = require("express");\nconst app = express();\napp.${method}("${path}", (req, res) => res.json({}));\napp.listen(3000);\n` });

const compose: Tree = {
  "docker-compose.yml": "services:\n  a:\n    build: ./services/a\n    environment:\n      B_URL: http://b:3000\n  b:\n    build: ./services/b\n    environment:\n      C_URL: http://c:3000\n  c:\n    build: ./services/c\n",
};

const caller: Tree = service("services/a", ["express", "axios"], {
  "src/server.js": `const express = require("express");\nconst axios = require("axios");\nconst app = express();\napp.get("/v1/a", async (req, res) => {\n  const r = await axios.get(\`\${process.env.B_URL}/v1/b/\${req.params.id}\`);\n  res.json(r.data);\n});\napp.listen(3000);\n`,
});

/** b's route handler is a method of a routes class, which calls c. */
const classHandler = (handlerRef: string, member: string): Tree => ({
  ...caller,
  ...service("services/b", ["express", "axios"], {
    "src/server.ts": `import express from "express";\nimport axios from "axios";\nclass BRoutes {\n  router = express.Router();\n  constructor() {\n    this.router.get("/v1/b/:id", ${handlerRef});\n  }\n${member}\n}\nconst app = express();\napp.use(new BRoutes().router);\napp.listen(3000);\n`,
  }),
  ...plain("c", "get", "/v1/c"),
  ...compose,
});
const callC = `await axios.get(process.env.C_URL + "/v1/c");`;

/** b's route handler is a property of a CommonJS controller module, required by the routes file. */
const commonJsHandler = (controller: string, use: string): Tree => ({
  ...caller,
  ...service("services/b", ["express", "axios"], {
    "src/controllers/b.js": controller,
    "src/routes.js": `const express = require("express");\nconst ctrl = require("./controllers/b");\nconst router = express.Router();\nrouter.get("/v1/b/:id", ${use});\nmodule.exports = router;\n`,
    "src/server.js": `const express = require("express");\nconst app = express();\napp.use(require("./routes"));\napp.listen(3000);\n`,
  }),
  ...plain("c", "get", "/v1/c"),
  ...compose,
});

/**
 * a's routes sit behind auth middleware that asks b to verify the token; b's verify route calls c.
 * `server` is a's server file: how it applies auth.
 */
const guardedBy = (server: string, extra: Record<string, string> = {}): Tree => ({
  ...service("services/a", ["express", "axios"], {
    "src/middleware/auth.js": `const axios = require("axios");\nasync function auth(req, res, next) {\n  const r = await axios.post(\`\${process.env.B_URL}/v1/verify\`, { token: req.headers.authorization });\n  req.user = r.data;\n  next();\n}\nmodule.exports = { auth };\n`,
    "src/server.js": server,
    ...extra,
  }),
  ...service("services/b", ["express", "axios"], {
    "src/server.js": `const express = require("express");\nconst axios = require("axios");\nconst app = express();\napp.post("/v1/verify", async (req, res) => {\n  ${callC}\n  res.json({});\n});\napp.listen(3000);\n`,
  }),
  ...plain("c", "get", "/v1/c"),
  ...compose,
});

/** a is a NestJS service whose controller is guarded by an AuthGuard of its own that asks b about the token; b calls c. */
const nestGuarded = (controller: string): Tree => ({
  ...service("services/a", ["@nestjs/core", "@nestjs/common"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(3000);\n}\nbootstrap();\n`,
    "src/auth.guard.ts": `import { CanActivate, ExecutionContext, Injectable } from "@nestjs/common";\n@Injectable()\nexport class AuthGuard implements CanActivate {\n  async canActivate(context: ExecutionContext): Promise<boolean> {\n    const res = await fetch(\`\${process.env.B_URL}/v1/verify\`, { method: "POST" });\n    return res.ok;\n  }\n}\n`,
    "src/orders.controller.ts": controller,
  }),
  ...service("services/b", ["express", "axios"], {
    "src/server.js": `const express = require("express");\nconst axios = require("axios");\nconst app = express();\napp.post("/v1/verify", async (req, res) => {\n  ${callC}\n  res.json({});\n});\napp.listen(3000);\n`,
  }),
  ...plain("c", "get", "/v1/c"),
  ...compose,
});

ruleTester("sync-call-chain", {
  valid: [
    {
      name: "a route declared before app.use(auth) does not run it",
      files: guardedBy(`const express = require("express");\nconst { auth } = require("./middleware/auth");\nconst app = express();\napp.get("/v1/a", (req, res) => res.json({}));\napp.use(auth);\napp.listen(3000);\n`),
    },
    {
      name: "middleware's call and the handler's call are not reported as one awaited after the other (sequential is a handler's own)",
      files: guardedBy(`const express = require("express");\nconst axios = require("axios");\nconst { auth } = require("./middleware/auth");\nconst app = express();\napp.use(auth);\napp.get("/v1/a", async (req, res) => res.json(await axios.get(process.env.C_URL + "/v1/c")));\napp.listen(3000);\n`),
      options: { maxDepth: 3 },
    },
    {
      name: "the same with the middleware in the route (app.get(path, auth, handler)): the chain of the route's functions awaits none of them",
      files: guardedBy(`const express = require("express");\nconst axios = require("axios");\nconst { auth } = require("./middleware/auth");\nconst app = express();\napp.get("/v1/a", auth, async (req, res) => res.json(await axios.get(process.env.C_URL + "/v1/c")));\napp.listen(3000);\n`),
      options: { maxDepth: 3 },
    },
    {
      name: "NestJS: a guard of a package (AuthGuard('jwt') of @nestjs/passport) leads to no code of the repository",
      files: nestGuarded(`import { Controller, Get, UseGuards } from "@nestjs/common";\nimport { AuthGuard } from "@nestjs/passport";\n@Controller("v1/orders")\n@UseGuards(AuthGuard("jwt"))\nexport class OrdersController {\n  @Get()\n  list() {\n    return [];\n  }\n}\n`),
    },
    {
      name: "a class handler that calls no other service ends the chain",
      files: classHandler("this.get", `  async get(req, res) { res.json({}); }`),
    },
  ],
  invalid: [
    {
      name: "a → b → c where b's handler is this.get (a class method)",
      files: classHandler("this.get", `  async get(req, res) { ${callC} res.json({}); }`),
      errors: [{ messageId: "chain", file: "services/a/src/server.js", line: 5, data: { services: "a,b,c", depth: 2 } }],
    },
    {
      name: "a → b → c where b's handler is this.get.bind(this)",
      files: classHandler("this.get.bind(this)", `  async get(req, res) { ${callC} res.json({}); }`),
      errors: [{ messageId: "chain", file: "services/a/src/server.js", line: 5, data: { services: "a,b,c", depth: 2 } }],
    },
    {
      name: "a → b → c where b's handler is an arrow-function field that calls a helper field",
      files: classHandler("this.get", `  get = async (req, res) => { await this.load(); res.json({}); };\n  load = async () => { ${callC} };`),
      errors: [{ messageId: "chain", file: "services/a/src/server.js", line: 5, data: { services: "a,b,c", depth: 2 } }],
    },
    {
      name: "a → b → c where b's routes class mounts this.handler.get, its field typed with a handler class of another file (lead22)",
      files: {
        ...caller,
        ...service("services/b", ["express", "axios"], {
          "src/b-handler.ts": `import axios from "axios";\nexport default class BHandler {\n  public get = async (req, res) => {\n    ${callC}\n    res.json({});\n  };\n}\n`,
          "src/b-routes.ts": `import { Router } from "express";\nimport BHandler from "./b-handler";\nexport default class BRoutes {\n  public router = Router();\n  private handler: BHandler;\n  constructor(handler: BHandler) {\n    this.handler = handler;\n    this.router.get("/v1/b/:id", this.handler.get);\n  }\n}\n`,
          "src/server.ts": `import express from "express";\nimport BHandler from "./b-handler";\nimport BRoutes from "./b-routes";\nconst app = express();\napp.use(new BRoutes(new BHandler()).router);\napp.listen(3000);\n`,
        }),
        ...plain("c", "get", "/v1/c"),
        ...compose,
      },
      errors: [{ messageId: "chain", file: "services/a/src/server.js", line: 5, data: { services: "a,b,c", depth: 2 } }],
    },
    {
      name: "a → b → c where b's handler is exports.get = async (req, res) => … of a required controller",
      files: commonJsHandler(`const axios = require("axios");\nexports.get = async (req, res) => {\n  ${callC}\n  res.json({});\n};\n`, "ctrl.get"),
      errors: [{ messageId: "chain", file: "services/a/src/server.js", line: 5, data: { services: "a,b,c", depth: 2 } }],
    },
    {
      name: "a → b → c where b's handler is module.exports.get = function …, wrapped by a catchAsync of the routes file",
      files: commonJsHandler(`const axios = require("axios");\nmodule.exports.get = async function (req, res) {\n  ${callC}\n  res.json({});\n};\n`, "catchAsync(ctrl.get)"),
      errors: [{ messageId: "chain", file: "services/a/src/server.js", line: 5, data: { services: "a,b,c", depth: 2 } }],
    },
    {
      name: "a → b → c where a builds b's URL with a small function of its file: bUrl(req.params.id)",
      files: {
        ...classHandler("this.get", `  async get(req, res) { ${callC} res.json({}); }`),
        "services/a/src/server.js": `const express = require("express");\nconst axios = require("axios");\nconst B = process.env.B_URL;\nconst bUrl = (id) => \`\${B}/v1/b/\${id}\`;\nconst app = express();\napp.get("/v1/a/:id", async (req, res) => {\n  const r = await axios.get(bUrl(req.params.id));\n  res.json(r.data);\n});\napp.listen(3000);\n`,
      },
      errors: [{ messageId: "chain", file: "services/a/src/server.js", line: 7, data: { services: "a,b,c", depth: 2 } }],
    },
    {
      name: "app.use(auth) before a route: auth's call to b is a hop of the route, and b calls c",
      files: guardedBy(`const express = require("express");\nconst { auth } = require("./middleware/auth");\nconst app = express();\napp.use(express.json());\napp.use(auth);\napp.get("/v1/a", (req, res) => res.json(req.user));\napp.listen(3000);\n`),
      errors: [{ messageId: "chain", file: "services/a/src/middleware/auth.js", line: 3, data: { services: "a,b,c", depth: 2 } }],
    },
    {
      name: "app.use(auth) before app.use('/v1', router): auth runs for every route of the router, in its own file",
      files: guardedBy(`const express = require("express");\nconst { auth } = require("./middleware/auth");\nconst orders = require("./routes/orders");\nconst app = express();\napp.use(auth);\napp.use("/v1", orders);\napp.listen(3000);\n`, {
        "src/routes/orders.js": `const express = require("express");\nconst router = express.Router();\nrouter.get("/orders", (req, res) => res.json([]));\nmodule.exports = router;\n`,
      }),
      errors: [{ messageId: "chain", file: "services/a/src/middleware/auth.js", line: 3, data: { services: "a,b,c", depth: 2 } }],
    },
    {
      name: "NestJS: @UseGuards(AuthGuard) on the controller runs the guard's canActivate before every route: its call to b is a hop",
      files: nestGuarded(`import { Controller, Get, UseGuards } from "@nestjs/common";\nimport { AuthGuard } from "./auth.guard";\n@Controller("v1/orders")\n@UseGuards(AuthGuard)\nexport class OrdersController {\n  @Get()\n  list() {\n    return [];\n  }\n}\n`),
      errors: [{ messageId: "chain", file: "services/a/src/auth.guard.ts", line: 5, data: { services: "a,b,c", depth: 2 } }],
    },
    {
      name: "NestJS: @UseGuards(new AuthGuard()) on one method",
      files: nestGuarded(`import { Controller, Get, UseGuards } from "@nestjs/common";\nimport { AuthGuard } from "./auth.guard";\n@Controller("v1/orders")\nexport class OrdersController {\n  @Get()\n  @UseGuards(new AuthGuard())\n  list() {\n    return [];\n  }\n}\n`),
      errors: [{ messageId: "chain", file: "services/a/src/auth.guard.ts", line: 5, data: { services: "a,b,c", depth: 2 } }],
    },
    {
      name: "NestJS: app.useGlobalGuards(new AuthGuard()) in main.ts guards every route",
      files: {
        ...nestGuarded(`import { Controller, Get } from "@nestjs/common";\n@Controller("v1/orders")\nexport class OrdersController {\n  @Get()\n  list() {\n    return [];\n  }\n}\n`),
        "services/a/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nimport { AuthGuard } from "./auth.guard";\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.useGlobalGuards(new AuthGuard());\n  await app.listen(3000);\n}\nbootstrap();\n`,
      },
      errors: [{ messageId: "chain", file: "services/a/src/auth.guard.ts", line: 5, data: { services: "a,b,c", depth: 2 } }],
    },
    {
      name: "NestJS: { provide: APP_GUARD, useClass: AuthGuard } among a module's providers guards every route",
      files: {
        ...nestGuarded(`import { Controller, Get } from "@nestjs/common";\n@Controller("v1/orders")\nexport class OrdersController {\n  @Get()\n  list() {\n    return [];\n  }\n}\n`),
        "services/a/src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { APP_GUARD } from "@nestjs/core";\nimport { AuthGuard } from "./auth.guard";\nimport { OrdersController } from "./orders.controller";\n@Module({\n  controllers: [OrdersController],\n  providers: [{ provide: APP_GUARD, useClass: AuthGuard }],\n})\nexport class AppModule {}\n`,
      },
      errors: [{ messageId: "chain", file: "services/a/src/auth.guard.ts", line: 5, data: { services: "a,b,c", depth: 2 } }],
    },
    {
      name: "fastify: addHook('onRequest', verifyToken) after the routes still runs before them, and before a registered plugin's",
      files: guardedBy(`import Fastify from "fastify";\nimport { auth } from "./middleware/auth.js";\nimport orders from "./routes/orders.js";\nconst app = Fastify();\napp.register(orders, { prefix: "/v1" });\napp.addHook("onRequest", auth);\napp.listen({ port: 3000 });\n`, {
        "package.json": JSON.stringify({ name: "a", main: "src/server.js", dependencies: { fastify: "*", axios: "*" } }),
        "src/routes/orders.js": `export default async function orders(app) {\n  app.get("/orders", async () => []);\n}\n`,
      }),
      errors: [{ messageId: "chain", file: "services/a/src/middleware/auth.js", line: 3, data: { services: "a,b,c", depth: 2 } }],
    },
  ],
});

void lintTree;
