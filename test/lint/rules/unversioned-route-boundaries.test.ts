import { describe, expect, it } from "vitest";
import { DEFAULT_EXEMPT, isCatchAll, isExempt, suggestVersioned } from "../../../src/lint/rules/unversioned-route.js";
import { ruleTester, service } from "../helpers.js";

/** Edges of the exemption, catch-all and suggestion helpers: trailing slashes, the root entry, prefixes that are not static. */
describe("unversioned-route at its edges", () => {
  it("a path's trailing slashes do not matter, the root stays the root", () => {
    expect(["/health/", "/readyz//", "/api/healthz/"].filter((path) => isExempt(path, DEFAULT_EXEMPT))).toEqual(["/health/", "/readyz//", "/api/healthz/"]);
    expect(isExempt("/", ["/"])).toBe(true);
  });

  it("an entry's trailing slashes do not matter either", () => {
    expect(isExempt("/health", ["/health/"])).toBe(true);
    expect(isExempt("/health", ["/health//"])).toBe(true);
    expect(isExempt("/api/health", ["/health/"])).toBe(true);
  });

  it("leading underscores of an internal endpoint's segment are not part of its word", () => {
    expect(["/_health", "/__healthz", "/api/_health", "/_status", "/_ping/"].filter((path) => isExempt(path, DEFAULT_EXEMPT))).toEqual(["/_health", "/__healthz", "/api/_health", "/_status", "/_ping/"]);
    expect(["/_healthcare", "/_users", "/orders/_status"].filter((path) => isExempt(path, DEFAULT_EXEMPT))).toEqual([]);
  });

  it("the entry / exempts the root only, not /api or /v1 (which a static prefix would end)", () => {
    expect(["/", "/api", "/v1", "/internal"].filter((path) => isExempt(path, ["/"]))).toEqual(["/"]);
  });

  it("a probe word after a prefix that is not static (a parameter, a wildcard, no leading slash) is not exempt", () => {
    expect(["/:tenant/health", "/*/healthz", "tenant/health", "/(api|rest)/health"].filter((path) => isExempt(path, DEFAULT_EXEMPT))).toEqual([]);
  });

  it("a router mounted on every path (USE on a wildcard) is a catch-all; a trailing slash after the wildcard changes nothing", () => {
    expect(isCatchAll("USE", "/*")).toBe(true);
    expect(isCatchAll("ALL", "/*/")).toBe(true);
    expect(isCatchAll("GET", "/*/")).toBe(false);
  });

  it("the suggested version goes after the /api-like prefix only, however deep the path", () => {
    expect(["/api/orders/items", "/public/rest/orders/items/:id"].map(suggestVersioned)).toEqual(["/api/v1/orders/items", "/public/rest/v1/orders/items/:id"]);
  });
});

const shop = (routes: string) =>
  service("services/shop", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\nconst router = express.Router();\n${routes}\napp.listen(3000);\n` });

ruleTester("unversioned-route", {
  valid: [
    { name: "HEAD / and HEAD /api answer like GET: the root, no resource", files: shop(`app.head("/", (req, res) => res.end());\napp.head("/api", (req, res) => res.end());`) },
    { name: "a segment read at run time where the version goes, after /api: not judged", files: shop(`app.get(\`/api/\${process.argv[2]}/users\`, (req, res) => res.json([]));`) },
    {
      name: "a gateway proxy on every path, forwarding each as it came: no path of its own to version",
      files: {
        ...service("services/gateway", ["express", "http-proxy-middleware"], { "src/server.ts": `import express from "express";\nimport { createProxyMiddleware } from "http-proxy-middleware";\nconst app = express();\napp.use(createProxyMiddleware({ target: "http://shop:3000", changeOrigin: true }));\napp.listen(8080);\n` }),
        ...shop(`app.get("/v1/orders", (req, res) => res.json([]));`),
      },
    },
  ],
  invalid: [
    {
      name: "a router's route: the evidence shows where the router is mounted, then the route",
      files: shop(`router.get("/list", (req, res) => res.json([]));\napp.use("/orders", router);`),
      errors: [
        {
          messageId: "unversioned",
          line: 4,
          message: "GET /orders/list in shop has no version segment; serve it under a version such as /v1/orders/list",
          evidence: ["mounted here", "express route GET /orders/list"],
        },
      ],
    },
    {
      name: "HEAD on a resource is judged",
      files: shop(`app.head("/orders", (req, res) => res.end());`),
      errors: [{ messageId: "unversioned", data: { method: "HEAD", path: "/orders", suggested: "/v1/orders" } }],
    },
  ],
});
