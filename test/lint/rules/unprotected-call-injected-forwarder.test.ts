import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A NestJS gateway whose controllers hand every URL to a forwarding service they are injected with
 * (`this.relay.sendPost(\`${process.env.TICKETS_URL}/tickets\`, body)`), which calls HttpService with it. Each call
 * site is a request to the service its URL names, and what bounds the helper's request (here the HttpModule's
 * timeout) bounds each of them.
 */

const compose: Tree = {
  "docker-compose.yml": "services:\n  tickets:\n    build: ./tickets\n  edge:\n    build: ./edge\n    environment:\n      TICKETS_URL: http://tickets:6100\n",
};

const tickets = service("tickets", ["express"], {
  "src/index.js": `const app = require("express")();\napp.get("/tickets/:id", (req, res) => res.json({}));\napp.post("/tickets", (req, res) => res.json({}));\napp.listen(6100);\n`,
});

const edge = (moduleImports: string): Tree =>
  service("edge", ["@nestjs/core", "@nestjs/common", "@nestjs/axios", "rxjs"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { EdgeModule } from "./edge.module";\nNestFactory.create(EdgeModule).then((app) => app.listen(6000));\n`,
    "src/edge.module.ts": `import { Module } from "@nestjs/common";\nimport { HttpModule } from "@nestjs/axios";\nimport { TicketsController } from "./tickets.controller";\nimport { RelayService } from "./relay.service";\n@Module({ imports: [${moduleImports}], controllers: [TicketsController], providers: [RelayService] })\nexport class EdgeModule {}\n`,
    "src/relay.service.ts": `import { Injectable } from "@nestjs/common";\nimport { HttpService } from "@nestjs/axios";\nimport { firstValueFrom } from "rxjs";\n@Injectable()\nexport class RelayService {\n  constructor(private http: HttpService) {}\n  async sendGet(url: string) {\n    return (await firstValueFrom(this.http.get(url))).data;\n  }\n  async sendPost(url: string, body: unknown) {\n    return (await firstValueFrom(this.http.post(url, body))).data;\n  }\n}\n`,
    "src/tickets.controller.ts": `import { Body, Controller, Get, Param, Post } from "@nestjs/common";\nimport { RelayService } from "./relay.service";\n@Controller("v1/tickets")\nexport class TicketsController {\n  constructor(private relay: RelayService) {}\n  @Get(":id")\n  one(@Param("id") id: string) {\n    return this.relay.sendGet(\`\${process.env.TICKETS_URL}/tickets/\${id}\`);\n  }\n  @Post()\n  open(@Body() body: unknown) {\n    return this.relay.sendPost(\`\${process.env.TICKETS_URL}/tickets\`, body);\n  }\n}\n`,
  });

ruleTester("unprotected-call", {
  valid: [{ name: "HttpModule registered with a timeout bounds every forward", files: { ...compose, ...tickets, ...edge("HttpModule.register({ timeout: 3000 })") } }],
  invalid: [
    {
      name: "each controller call site hands the helper a URL of tickets: a GET and a POST with a body",
      files: { ...compose, ...tickets, ...edge("HttpModule") },
      errors: [
        { messageId: "noGuard", file: "edge/src/tickets.controller.ts", line: 8, data: { targetService: "tickets" } },
        { messageId: "noGuard", file: "edge/src/tickets.controller.ts", line: 12, data: { targetService: "tickets" } },
      ],
    },
  ],
});
