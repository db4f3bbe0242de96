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
      ].sort(),
    );
    expect(result.findings.map((f) => `${f.data?.method} ${f.data?.path}`).sort()).toEqual(
      ["DELETE /members/:id", "GET /members", "GET /members/:id", "GET /shelves/:code", "PATCH /members/:id", "POST /members", "PUT /members/:id"].sort(),
    );
    expect(result.diagnostics.filter((d) => d.message.includes("loads it"))).toEqual([]);
  });
});
