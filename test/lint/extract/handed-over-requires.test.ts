import { describe, expect, it } from "vitest";
import { facts, lintTree, service } from "../helpers.js";

/**
 * A library loaded in place to hand it over (`app.register(require("@fastify/http-proxy"), options)`) binds no name,
 * but its extractor must run: the file counts as importing it, wherever the call is written.
 */

const proxies = (code: string) => facts(code, "src/routes/billing.js").calls.filter((call) => call.proxy).map((call) => `${call.proxy!.library} ${call.proxy!.strip ?? "-"}`);

describe("[U] a module required in place as a call's argument", () => {
  it("in a plugin's body, a proxy plugin registered by require is read", () => {
    expect(proxies(`module.exports = async function (app) {\n  app.register(require("@fastify/http-proxy"), { upstream: process.env.BILLING_URL, prefix: "/v1/billing" });\n};\n`)).toEqual(["@fastify/http-proxy /v1/billing"]);
  });

  it("as a later argument, and at the top of the file", () => {
    expect(proxies(`const app = require("fastify")();\napp.register(require("@fastify/http-proxy"), { upstream: "http://billing:80", prefix: "/v2/billing" });\n`)).toEqual(["@fastify/http-proxy /v2/billing"]);
    expect(proxies(`function mount(app) { app.register(helmet, require("@fastify/http-proxy")); }\n`)).toEqual([]);
  });

  it("a require only named in a comment or a string does not make the proxy plugin's call read as one", () => {
    expect(proxies(`// app.register(require("@fastify/http-proxy"))\nmodule.exports = async (app) => app.register(plugin, { upstream: "http://x", prefix: "/x" });\n`)).toEqual([]);
  });
});

describe("[I] a gateway whose autoloaded plugins each register a proxy by require", () => {
  it("each plugin's autoPrefix is the proxy route's path, judged by unversioned-route", () => {
    const result = lintTree(
      service("gateway", ["fastify", "@fastify/autoload", "@fastify/http-proxy"], {
        "src/server.js": `const path = require("path");\nconst app = require("fastify")();\napp.register(require("@fastify/autoload"), { dir: path.join(__dirname, "plugins"), dirNameRoutePrefix: false });\napp.listen(3000);\n`,
        "src/plugins/billing.js": `module.exports = async function (app) {\n  app.register(require("@fastify/http-proxy"), { upstream: "https://billing.example.com" });\n};\nmodule.exports.autoPrefix = "/billing";\n`,
        "src/plugins/ledger.js": `module.exports = async function (app) {\n  app.register(require("@fastify/http-proxy"), { upstream: "https://ledger.example.com" });\n};\nmodule.exports.autoPrefix = "/v1/ledger";\n`,
      }),
      { only: "unversioned-route" },
    );
    expect(result.findings.map((f) => `${f.location.file}:${f.location.line} ${f.message}`)).toEqual([
      "gateway/src/plugins/billing.js:2 ALL /billing/* in gateway has no version segment and forwards it unchanged to https://billing.example.com; serve it under a version such as /v1/billing/*",
    ]);
  });
});
