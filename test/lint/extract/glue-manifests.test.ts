import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/** A plugin file of a hapi service: routes in its register(server), exported as hapi reads a required module. */
const plugin = (name: string, paths: string[]) =>
  `const register = (server) => {\n${paths.map((p) => `  server.route({ method: "GET", path: "${p}", handler: () => "ok" });`).join("\n")}\n};\nexports.plugin = { name: "${name}", register };\n`;

/** A greenhouse service whose server glue composes from a manifest, with `register` given by the test. */
const greenhouse = (register: string, options = "{ relativeTo: __dirname }"): Tree => ({
  "docker-compose.yml": "services:\n  greenhouse:\n    build: ./greenhouse\n",
  ...service("greenhouse", ["@hapi/glue", "@hapi/hapi"], {
    "src/server.ts": `const Glue = require("@hapi/glue");\nconst manifest = {\n  server: { port: 4400 },\n  register: ${register},\n};\nasync function start() {\n  const server = await Glue.compose(manifest, ${options});\n  await server.start();\n}\nstart();\n`,
    "src/plugins/plants.js": plugin("plants", ["/plants", "/plants/{id}"]),
    "src/plugins/seeds.js": plugin("seeds", ["/seeds"]),
  }),
});

const routes = (tree: Tree) =>
  lintTree(tree)
    .model.routes.filter((r) => r.service === "greenhouse")
    .map((r) => `${r.method} ${r.path}`)
    .sort();

describe("[U] glue manifests (hapi)", () => {
  it("each plugin of register.plugins is mounted with its routes.prefix: a module path, an object with a prefix, a require", () => {
    const register = `{ plugins: [{ plugin: "./plugins/plants", routes: { prefix: "/v2" } }, { plugin: require("./plugins/seeds"), routes: { prefix: "/v1" } }, "@hapi/inert"] }`;
    expect(routes(greenhouse(register))).toEqual(["GET /v1/seeds", "GET /v2/plants", "GET /v2/plants/{id}"]);
  });

  it("register.options.routes.prefix applies to every plugin that sets none of its own", () => {
    const register = `{ plugins: ["./plugins/plants", { plugin: "./plugins/seeds", routes: { prefix: "/v3" } }], options: { routes: { prefix: "/api/v1" } } }`;
    expect(routes(greenhouse(register))).toEqual(["GET /api/v1/plants", "GET /api/v1/plants/{id}", "GET /v3/seeds"]);
  });

  it("module paths are read from the file's folder only when relativeTo says so", () => {
    const register = `{ plugins: [{ plugin: "./plugins/plants", routes: { prefix: "/v2" } }] }`;
    // Without relativeTo the plugins are not known to be these files: their routes keep their own paths.
    expect(routes(greenhouse(register, "{}"))).toEqual(["GET /plants", "GET /plants/{id}", "GET /seeds"]);
  });
});

describe("[U] h2o2 through the toolkit", () => {
  it("h.proxy({ uri }) with the uri a const the handler declares forwards to that uri's host", () => {
    const tree: Tree = {
      "docker-compose.yml": "services:\n  porch:\n    build: ./porch\n  pantry:\n    build: ./pantry\n",
      ...service("porch", ["@hapi/hapi", "@hapi/h2o2"], {
        "src/server.ts": `const Hapi = require("@hapi/hapi");\nconst server = Hapi.server({ port: 4500 });\nserver.route({\n  method: "GET",\n  path: "/v1/jars/{rest*}",\n  handler: (request, h) => {\n    const uri = \`http://pantry:4600/v1/jars/\${request.params.rest || ""}\`;\n    return h.proxy({ uri });\n  },\n});\nserver.start();\n`,
      }),
      ...service("pantry", ["@hapi/hapi"], {
        "src/server.ts": `const Hapi = require("@hapi/hapi");\nconst server = Hapi.server({ port: 4600 });\nserver.route({ method: "GET", path: "/v1/jars/{id}", handler: () => ({}) });\nserver.start();\n`,
      }),
    };
    const call = lintTree(tree).model.calls.find((c) => c.service === "porch");
    expect(call).toMatchObject({ client: "proxy", targetService: "pantry" });
  });
});
