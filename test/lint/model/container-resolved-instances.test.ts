import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

// A controller reaches its use case through a DI container (tsyringe's `container.resolve(UseCase)`, typedi's
// `Container.get(UseCase)`) rather than `new`: the method called on that local is the class's, so the use case's
// request to another service is made while the route is handled.
const useCase = `import axios from "axios";\nexport default class ReserveSeat {\n  async run(show: string) {\n    const r = await axios.post(\`http://box-office:4100/v1/holds/\${show}\`, {});\n    return r.data;\n  }\n}\n`;

function tree(controller: string) {
  return {
    ...service("services/seats", ["express", "axios", "tsyringe", "typedi"], {
      "src/reserve-seat.ts": useCase,
      "src/seats-controller.ts": controller,
      "src/server.ts": `import express from "express";\nimport SeatsController from "./seats-controller";\nconst app = express();\nconst seats = new SeatsController();\napp.post("/v1/seats/:show", seats.reserve);\napp.listen(3000);\n`,
    }),
    ...service("services/box-office", ["express"], {
      "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/v1/holds/:show", (req, res) => res.json({}));\napp.listen(4100);\n`,
    }),
    "docker-compose.yml": `services:\n  seats:\n    build: ./services/seats\n  box-office:\n    build: ./services/box-office\n`,
  };
}

const unprotected = (result: ReturnType<typeof lintTree>) =>
  result.findings.filter((f) => f.ruleId === "unprotected-call").map((f) => `${f.data?.service} -> ${f.data?.targetService} ${f.location.file}:${f.location.line}`);

describe("[I] a use case handed out by a DI container inside a handler", () => {
  it("tsyringe: `const reserve = container.resolve(ReserveSeat); await reserve.run(...)` reaches the use case's call", () => {
    const result = lintTree(
      tree(`import { Request, Response } from "express";\nimport { container } from "tsyringe";\nimport ReserveSeat from "./reserve-seat";\nexport default class SeatsController {\n  public async reserve(req: Request, res: Response) {\n    const reserve = container.resolve(ReserveSeat);\n    res.json(await reserve.run(req.params.show));\n  }\n}\n`),
    );
    expect(unprotected(result)).toEqual(["seats -> box-office services/seats/src/reserve-seat.ts:4"]);
  });

  it("typedi: `Container.get(ReserveSeat)` likewise", () => {
    const result = lintTree(
      tree(`import { Request, Response } from "express";\nimport { Container } from "typedi";\nimport ReserveSeat from "./reserve-seat";\nexport default class SeatsController {\n  public async reserve(req: Request, res: Response) {\n    const reserve = Container.get(ReserveSeat);\n    res.json(await reserve.run(req.params.show));\n  }\n}\n`),
    );
    expect(unprotected(result)).toEqual(["seats -> box-office services/seats/src/reserve-seat.ts:4"]);
  });

  it("a lookup that is no container (`registry.get(ReserveSeat)`) is not taken for one", () => {
    const result = lintTree(
      tree(`import { Request, Response } from "express";\nimport { registry } from "./registry";\nimport ReserveSeat from "./reserve-seat";\nexport default class SeatsController {\n  public async reserve(req: Request, res: Response) {\n    const reserve = registry.get(ReserveSeat);\n    res.json(await reserve.run(req.params.show));\n  }\n}\n`),
    );
    expect(unprotected(result)).toEqual([]);
  });
});
