import { it } from "vitest";
import { facts } from "../../helpers.js";
it("x", () => { const f = facts(`import express from "express";\nimport { createProxyMiddleware } from "http-proxy-middleware";\nconst app = express();\napp.use("/api/orders/**", createProxyMiddleware({ target: "http://orders:3000", pathRewrite: { ["^/api"]: "/v1" } }));\napp.get("/x", createProxyMiddleware({ router: pick, target: "http://a:1" }));\napp.use("/", createProxyMiddleware({ target: "orders:3000" }));\n`, "src/server.ts"); console.log(JSON.stringify(f.calls.map(c => [c.url, c.proxy, c.location.line]))); });
