import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

// `@Client(busOptions.ledger)` with the options another module writes (as NestJS's own samples do,
// `@Client(grpcClientOptions)` imported from `grpc-client.options.ts`): the transport is the one that module sets.
const nest = ["@nestjs/common", "@nestjs/core", "@nestjs/microservices"];

function tree(field: string, options: string): Tree {
  return {
    ...service("services/till", nest, {
      "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { TillModule } from "./till.module";\nasync function bootstrap() {\n  const app = await NestFactory.create(TillModule);\n  await app.listen(3000);\n}\nbootstrap();\n`,
      "src/till.module.ts": `import { Module } from "@nestjs/common";\nimport { TillController } from "./till.controller";\n@Module({ controllers: [TillController] })\nexport class TillModule {}\n`,
      "src/bus.options.ts": options,
      "src/till.controller.ts": `import { Controller, Post } from "@nestjs/common";\nimport { Client, ClientOptions, ClientProxy } from "@nestjs/microservices";\nimport { firstValueFrom } from "rxjs";\nimport busOptions from "./bus.options";\nimport { ledgerOptions } from "./bus.options";\n@Controller("v1/sales")\nexport class TillController {\n  ${field}\n  private ledger: ClientProxy;\n  @Post()\n  async sell() {\n    return firstValueFrom(this.ledger.send({ cmd: "post_entry" }, {}));\n  }\n}\n`,
    }),
    ...service("services/ledger", nest, {
      "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { Transport } from "@nestjs/microservices";\nimport { LedgerModule } from "./ledger.module";\nasync function bootstrap() {\n  const app = await NestFactory.createMicroservice(LedgerModule, { transport: Transport.TCP, options: { host: "0.0.0.0", port: 4000 } });\n  await app.listen();\n}\nbootstrap();\n`,
      "src/ledger.module.ts": `import { Module } from "@nestjs/common";\nimport { LedgerController } from "./ledger.controller";\n@Module({ controllers: [LedgerController] })\nexport class LedgerModule {}\n`,
      "src/ledger.controller.ts": `import { Controller } from "@nestjs/common";\nimport { MessagePattern } from "@nestjs/microservices";\n@Controller()\nexport class LedgerController {\n  @MessagePattern({ cmd: "post_entry" })\n  post() {\n    return { ok: true };\n  }\n}\n`,
    }),
    "docker-compose.yml": `services:\n  till:\n    build: ./services/till\n  ledger:\n    build: ./services/ledger\n`,
  };
}

const options = `import { ClientOptions, Transport } from "@nestjs/microservices";\nexport const ledgerOptions: ClientOptions = { transport: Transport.TCP, options: { host: "ledger", port: 4000 } };\nexport default { ledger: { transport: Transport.TCP, options: { host: "ledger", port: 4000 } } };\n`;
const sends = (files: Tree) =>
  lintTree(files)
    .model.topics.filter((t) => t.service === "till" && t.role === "produce")
    .map((t) => `${t.system} ${t.topic}`);

describe("[I] a NestJS @Client whose options another module writes", () => {
  it("a member of the module's default export, behind an old-style type assertion (`<ClientOptions>busOptions.ledger`)", () => {
    expect(sends(tree("@Client(<ClientOptions>busOptions.ledger)", options))).toEqual(['tcp {"cmd":"post_entry"}']);
  });

  it("a named export (`@Client(ledgerOptions)`)", () => {
    expect(sends(tree("@Client(ledgerOptions)", options))).toEqual(['tcp {"cmd":"post_entry"}']);
  });

  it("options whose module sets no transport stay unknown", () => {
    expect(sends(tree("@Client(busOptions.ledger)", `export default { ledger: { options: { host: "ledger" } } };\n`))).toEqual(['unknown {"cmd":"post_entry"}']);
  });
});
