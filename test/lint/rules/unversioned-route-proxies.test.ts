import { ruleTester, service } from "../helpers.js";
import { PROXY_FORMS, proxyFixture } from "../proxy-fixtures.js";

/**
 * A proxy route is judged by the path it serves and the path it forwards (test/fixtures/lint/proxies): versioned when
 * either carries the version, never exempt as a catch-all for its wildcard.
 */

ruleTester("unversioned-route", {
  valid: [
    ...PROXY_FORMS.map((form) => ({ name: `${form}: the version is in the path served or forwarded`, files: proxyFixture(form, "valid") })),
    { name: "http-proxy-middleware: a rule written for the whole path puts the version in", files: proxyFixture("http-proxy-middleware", "whole-path") },
  ],
  invalid: [
    {
      name: "http-proxy-middleware mounted at each path of a table: each judged with its own mount cut off",
      files: {
        ...service("services/gateway", ["express", "http-proxy-middleware"], {
          "src/server.ts": [
            `import express from "express";`,
            `import { createProxyMiddleware } from "http-proxy-middleware";`,
            `const app = express();`,
            `const upstreams = { "/orders": "http://orders:3000", "/stock": "http://stock:3000" };`,
            `for (const [prefix, target] of Object.entries(upstreams)) app.use(prefix, createProxyMiddleware({ target }));`,
            `app.listen(8080);`,
            ``,
          ].join("\n"),
        }),
      },
      errors: [
        { messageId: "unversionedProxy", line: 5, data: { path: "/orders/*", forwards: "/*" }, message: "ALL /orders/* in gateway has no version segment and forwards to /* of an upstream it could not read; serve it under a version such as /v1/orders/*" },
        { messageId: "unversionedProxy", line: 5, data: { path: "/stock/*", forwards: "/*" } },
      ],
    },
    {
      name: "a proxy a module keeps in an exported constant, routed by another module's router: that route is the proxy's",
      files: {
        ...service("services/gateway", ["express", "http-proxy-middleware"], {
          "src/proxies.ts": `import { createProxyMiddleware } from "http-proxy-middleware";\nexport const stockProxy = createProxyMiddleware({ target: "http://stock:3000", changeOrigin: true });\n`,
          "src/stock.routes.ts": `import { Router } from "express";\nimport { stockProxy } from "./proxies";\nconst router = Router();\nrouter.all("/:sku", stockProxy);\nexport default router;\n`,
          "src/server.ts": `import express from "express";\nimport stock from "./stock.routes";\nconst app = express();\napp.use("/api/stock", stock);\napp.listen(8080);\n`,
        }),
        ...service("services/stock", ["express"], { "src/server.ts": `import express from "express";\nexpress().get("/api/v1/stock/:sku", (req, res) => res.json({})).listen(3000);\n` }),
      },
      errors: [
        { messageId: "unversionedProxy", file: "services/gateway/src/stock.routes.ts", line: 4, data: { path: "/api/stock/:sku" } },
      ],
    },
    {
      name: "proxies a function of the project makes for each mount (a helper, a class's static method imported from another module): a route each; other middleware it makes is none",
      files: {
        ...service("services/gateway", ["express", "http-proxy-middleware", "express-rate-limit"], {
          "src/forwarding.ts": `import { createProxyMiddleware } from "http-proxy-middleware";\nexport class Forwarding {\n  static to(name: string) {\n    return createProxyMiddleware({ target: \`http://\${name}:3000\`, changeOrigin: true });\n  }\n}\n`,
          "src/limits.ts": `import rateLimit from "express-rate-limit";\nexport function limiter(max: number) {\n  return rateLimit({ windowMs: 60000, max });\n}\n`,
          "src/server.ts": [
            `import express from "express";`,
            `import { createProxyMiddleware } from "http-proxy-middleware";`,
            `import { Forwarding } from "./forwarding";`,
            `import { limiter } from "./limits";`,
            `const app = express();`,
            `const forwardTo = (host: string) => createProxyMiddleware({ target: host });`,
            `app.use("/orders", limiter(50), Forwarding.to("orders"));`,
            `app.use("/stock", forwardTo("http://stock:3000"));`,
            `app.use("/metrics-window", limiter(10));`,
            `app.listen(8080);`,
            ``,
          ].join("\n"),
        }),
      },
      errors: [
        { messageId: "unversionedProxy", file: "services/gateway/src/server.ts", line: 7, data: { path: "/orders/*" } },
        { messageId: "unversionedProxy", file: "services/gateway/src/server.ts", line: 8, data: { path: "/stock/*" } },
      ],
    },
    {
      name: "a proxy a module exports as its whole export (`module.exports = createProxyMiddleware(…)`), mounted by the app that requires it; a router mounted the same way is no proxy",
      files: {
        ...service("services/gateway", ["express", "http-proxy-middleware"], {
          "src/quotes-proxy.js": `const { createProxyMiddleware } = require("http-proxy-middleware");\nmodule.exports = createProxyMiddleware({ target: "http://quotes:3000", changeOrigin: true });\n`,
          "src/status.js": `const { Router } = require("express");\nconst router = Router();\nrouter.get("/", (req, res) => res.json({ up: true }));\nmodule.exports = router;\n`,
          "src/server.js": `const express = require("express");\nconst quotesProxy = require("./quotes-proxy");\nconst status = require("./status");\nconst app = express();\napp.use("/quotes", quotesProxy);\napp.use("/v1/status", status);\napp.listen(8080);\n`,
        }),
      },
      errors: [{ messageId: "unversionedProxy", file: "services/gateway/src/server.js", line: 5, data: { path: "/quotes/*" } }],
    },
    {
      name: "reply-from: /orders/* forwarded as it came",
      files: proxyFixture("reply-from", "invalid"),
      errors: [
        {
          messageId: "unversionedProxy",
          file: "services/gateway/src/server.ts",
          line: 8,
          message: "ALL /orders/* in gateway has no version segment and forwards it unchanged to orders; serve it under a version such as /v1/orders/*",
          evidence: ["fastify route ALL /orders/*", "forwarded by @fastify/reply-from to http://orders:3000 as /orders/*"],
        },
      ],
    },
    {
      name: "@fastify/http-proxy: the prefix cut off, nothing versioned left",
      files: proxyFixture("fastify-http-proxy", "invalid"),
      errors: [{ messageId: "unversionedProxy", line: 6, message: "ALL /orders/* in gateway has no version segment and forwards to /* of orders; serve it under a version such as /v1/orders/*" }],
    },
    {
      name: "http-proxy-middleware mounted under /orders",
      files: proxyFixture("http-proxy-middleware", "invalid"),
      errors: [{ messageId: "unversionedProxy", line: 6, data: { method: "ALL", path: "/orders/*", forwards: "/*" } }],
    },
    {
      name: "express-http-proxy mounted under /orders",
      files: proxyFixture("express-http-proxy", "invalid"),
      errors: [{ messageId: "unversionedProxy", line: 5, data: { path: "/orders/*", forwards: "/*" } }],
    },
    {
      name: "http-proxy-3: proxy.web in an /orders/* handler",
      files: proxyFixture("http-proxy", "invalid"),
      errors: [{ messageId: "unversionedProxy", line: 7, data: { path: "/orders/*", forwards: "/orders/*" } }],
    },
    {
      name: "fast-gateway: a table entry for two methods, its prefix dropped",
      files: proxyFixture("fast-gateway", "invalid"),
      errors: [
        { messageId: "unversionedProxy", line: 4, data: { method: "GET", path: "/orders/*", forwards: "/*" } },
        { messageId: "unversionedProxy", line: 4, data: { method: "POST", path: "/orders/*", forwards: "/*" } },
      ],
    },
    {
      name: "k-fastify-gateway: an empty pathRegex for the whole table serves the prefix alone",
      files: proxyFixture("k-fastify-gateway", "invalid"),
      errors: [
        {
          messageId: "unversionedProxy",
          file: "services/gateway/src/server.js",
          line: 8,
          message: "ALL /orders in gateway has no version segment and forwards to / of orders; serve it under a version such as /v1/orders",
          evidence: ["fastify route ALL /orders", "forwarded by k-fastify-gateway to http://orders:3000 as /"],
        },
      ],
    },
  ],
});
