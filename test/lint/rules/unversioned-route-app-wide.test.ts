import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * Versioning and probes decided for a whole app rather than per route: the API root an Nx generator
 * writes (`GET /api` answering a welcome), version middleware and versioning libraries, framework prefixes
 * set in config (tsoa.json, inversify-express-utils' rootPath).
 */

/** The express app `nx g @nx/express:app api` writes (its main.ts), with one real route added. */
const nxExpress = (extra: string): Tree =>
  service("apps/api", ["express"], {
    "src/main.ts": `import express from "express";\nimport * as path from "path";\n\nconst app = express();\n\napp.use("/assets", express.static(path.join(__dirname, "assets")));\n\napp.get("/api", (req, res) => {\n  res.send({ message: "Welcome to api!" });\n});\n${extra}\nconst port = process.env.PORT || 3333;\nconst server = app.listen(port, () => {\n  console.log(\`Listening at http://localhost:\${port}/api\`);\n});\nserver.on("error", console.error);\n`,
  });

/** The NestJS app `nx g @nx/nest:app api` writes: an AppController with @Get() under the global prefix "api". */
const nxNest: Tree = service("apps/api", ["@nestjs/core", "@nestjs/common"], {
  "src/main.ts": `import { Logger } from "@nestjs/common";\nimport { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app/app.module";\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  const globalPrefix = "api";\n  app.setGlobalPrefix(globalPrefix);\n  const port = process.env.PORT || 3000;\n  await app.listen(port);\n  Logger.log(\`Application is running on: http://localhost:\${port}/\${globalPrefix}\`);\n}\n\nbootstrap();\n`,
  "src/app/app.controller.ts": `import { Controller, Get } from "@nestjs/common";\nimport { AppService } from "./app.service";\n\n@Controller()\nexport class AppController {\n  constructor(private readonly appService: AppService) {}\n\n  @Get()\n  getData() {\n    return this.appService.getData();\n  }\n}\n`,
});

ruleTester("unversioned-route", {
  valid: [
    { name: "Nx's generated express app: GET /api answers a welcome, the API's root, a probe like GET /", files: nxExpress("") },
    { name: "Nx's generated NestJS app: @Get() of AppController under the global prefix api", files: nxNest },
  ],
  invalid: [
    {
      name: "Nx express: the routes a team adds beside the welcome are judged; POST /api is no probe",
      files: nxExpress(`app.get("/api/orders", (req, res) => res.json([]));\napp.post("/api", (req, res) => res.json({}));\n`),
      errors: [
        { messageId: "unversioned", line: 11, data: { method: "GET", path: "/api/orders" } },
        { messageId: "unversioned", line: 12, data: { method: "POST", path: "/api" } },
      ],
    },
    {
      name: "probes: false judges the API root too",
      files: nxExpress(""),
      options: { probes: false },
      errors: [{ messageId: "unversioned", line: 8, data: { method: "GET", path: "/api" } }],
    },
  ],
});
