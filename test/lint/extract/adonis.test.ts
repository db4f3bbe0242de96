import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * AdonisJS routes live in start/routes.ts (and the files it imports), registered on the framework's router, which the
 * framework preloads: controllers named by string resolve to app/Controllers/Http, groups add their prefixes, and a
 * resource stands for its actions. A package depending on @adonisjs/core is a service.
 */

const ROUTES = [
  "import Route from '@ioc:Adonis/Core/Route'",
  "import './routes/shelves'",
  "",
  "Route.get('/', async () => ({ up: true }))",
  "Route.group(() => {",
  "  Route.post('loans', 'LoansController.open')",
  "  Route.group(() => {",
  "    Route.get('/:loanId', 'Desk/ReturnsController.check')",
  "  }).prefix('returns')",
  "}).prefix('/api/v2')",
  "Route.resource('members', 'MembersController').apiOnly()",
  "Route.resource('fines', 'FinesController')",
  "",
].join("\n");

const SHELVES = "import Route from '@ioc:Adonis/Core/Route'\n\nRoute.get('/shelves/:code', 'ShelvesController.find')\n";

const CONTEXT = "import type { HttpContextContract } from '@ioc:Adonis/Core/HttpContext'\n\n";

const controller = (name: string, method: string) => `${CONTEXT}export default class ${name} {\n  public async ${method}({ response }: HttpContextContract) {\n    return response.ok({})\n  }\n}\n`;

const members = CONTEXT + "export default class MembersController {\n  public async index() {}\n  public async store() {}\n  public async show() {}\n  public async update() {}\n  public async destroy() {}\n}\n";

describe("[U] AdonisJS routes", () => {
  it("routes of start/routes.ts and the files it imports, with group prefixes, resources and controller handlers", () => {
    const result = lintTree(
      service("library", ["@adonisjs/core"], {
        "start/routes.ts": ROUTES,
        "start/routes/shelves.ts": SHELVES,
        "server.ts": "import 'reflect-metadata'\nimport { Ignitor } from '@adonisjs/core/build/standalone'\nnew Ignitor(__dirname).httpServer().start()\n",
        "app/Controllers/Http/LoansController.ts": controller("LoansController", "open"),
        "app/Controllers/Http/Desk/ReturnsController.ts": controller("ReturnsController", "check"),
        "app/Controllers/Http/ShelvesController.ts": controller("ShelvesController", "find"),
        "app/Controllers/Http/MembersController.ts": members,
        // Only index: the resource's other actions answer with an error, so they are no routes.
        "app/Controllers/Http/FinesController.ts": controller("FinesController", "index"),
      }),
      { only: "unversioned-route" },
    );
    expect(result.model.services.map((s) => s.name)).toEqual(["library"]);
    const routes = result.model.routes.map((r) => `${r.method} ${r.path} ${r.handler?.replace(/^library\//, "") ?? "-"}`);
    expect(routes.sort()).toEqual(
      [
        "GET / start/routes.ts#fn@L4C16",
        "POST /api/v2/loans app/Controllers/Http/LoansController.ts#fn:LoansController.open",
        "GET /api/v2/returns/:loanId app/Controllers/Http/Desk/ReturnsController.ts#fn:ReturnsController.check",
        "GET /members app/Controllers/Http/MembersController.ts#fn:MembersController.index",
        "POST /members app/Controllers/Http/MembersController.ts#fn:MembersController.store",
        "GET /members/:id app/Controllers/Http/MembersController.ts#fn:MembersController.show",
        "PUT /members/:id app/Controllers/Http/MembersController.ts#fn:MembersController.update",
        "PATCH /members/:id app/Controllers/Http/MembersController.ts#fn:MembersController.update",
        "DELETE /members/:id app/Controllers/Http/MembersController.ts#fn:MembersController.destroy",
        "GET /shelves/:code app/Controllers/Http/ShelvesController.ts#fn:ShelvesController.find",
        "GET /fines app/Controllers/Http/FinesController.ts#fn:FinesController.index",
      ].sort(),
    );
    expect(result.findings.map((f) => `${f.data?.method} ${f.data?.path}`).sort()).toEqual(
      ["DELETE /members/:id", "GET /fines", "GET /members", "GET /members/:id", "GET /shelves/:code", "PATCH /members/:id", "POST /members", "PUT /members/:id"].sort(),
    );
    expect(result.diagnostics.filter((d) => d.message.includes("loads it"))).toEqual([]);
  });
});

describe("[U] AdonisJS 6 routes", () => {
  it("router verbs with lazily imported controllers ([Controller, 'method']) under a group's prefix", () => {
    const result = lintTree(
      service("kiosk", ["@adonisjs/core"], {
        "start/routes.ts": [
          "import router from '@adonisjs/core/services/router'",
          "const TicketsController = () => import('#controllers/tickets_controller')",
          "router.group(() => {",
          "  router.get('/tickets/:id', [TicketsController, 'show'])",
          "}).prefix('/v1')",
          "router.post('/tickets', [TicketsController, 'store'])",
          "",
        ].join("\n"),
        "bin/server.ts": "import { Ignitor } from '@adonisjs/core'\nnew Ignitor(new URL('../', import.meta.url)).httpServer().start()\n",
        "app/controllers/tickets_controller.ts": "import type { HttpContext } from '@adonisjs/core/http'\n\nexport default class TicketsController {\n  async show({ response }: HttpContext) { return response.ok({}) }\n  async store({ response }: HttpContext) { return response.created({}) }\n}\n",
      }),
      { only: "unversioned-route" },
    );
    expect(result.model.routes.map((r) => `${r.method} ${r.path} ${r.handler?.replace(/^kiosk\//, "") ?? "-"}`).sort()).toEqual([
      "GET /v1/tickets/:id app/controllers/tickets_controller.ts#fn:TicketsController.show",
      "POST /tickets app/controllers/tickets_controller.ts#fn:TicketsController.store",
    ]);
    expect(result.findings.map((f) => `${f.data?.method} ${f.data?.path}`)).toEqual(["POST /tickets"]);
  });
});

describe("[U] AdonisJS 4", () => {
  it("is a service whose routes are said not to be read", () => {
    const result = lintTree(
      {
        "legacy/package.json": { name: "legacy", main: "server.js", scripts: { start: "node server.js" }, dependencies: { "@adonisjs/framework": "^5.0.0", "@adonisjs/fold": "^4.0.0" } },
        "legacy/server.js": "const { Ignitor } = require('@adonisjs/ignitor')\nnew Ignitor(require('@adonisjs/fold')).appRoot(__dirname).fireHttpServer().catch(console.error)\n",
        "legacy/start/routes.js": "const Route = use('Route')\nRoute.get('/coupons', 'CouponController.index')\n",
      },
      { only: "unversioned-route" },
    );
    expect(result.model.services.map((s) => s.name)).toEqual(["legacy"]);
    expect(result.diagnostics.map((d) => d.message)).toEqual(expect.arrayContaining([expect.stringContaining("legacy is an AdonisJS 4 application")]));
  });
});
