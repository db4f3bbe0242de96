import { describe, expect, it } from "vitest";
import { facts, lintTree, service, type Tree } from "../helpers.js";

/**
 * Koa services whose one handler is `app.use(async (ctx) => { … ctx.body = … })`: it answers every request that
 * reaches it, whatever the path. A catch-all route (extract/use-routes.ts): no version judged, but its calls are
 * made while handling a request. Here a relay asks a middle service, which asks a leaf.
 */

const koa = (name: string, body: string): Tree =>
  service(`services/${name}`, ["koa", "node-fetch"], {
    "src/server.ts": `const Koa = require("koa");\nconst fetch = require("node-fetch");\nconst app = new Koa();\napp.use(async (ctx, next) => {\n  ctx.set("x-service", "${name}");\n  await next();\n});\n${body}\napp.listen(3000);\n`,
  });

const relay: Tree = {
  ...koa("relay", `app.use(async (ctx) => {\n  const answer = await fetch(\`\${process.env.MIDDLE_URL}/\`);\n  ctx.body = await answer.text();\n});`),
  ...koa("middle", `app.use(async (ctx) => {\n  const answer = await fetch(\`\${process.env.LEAF_URL}/\`);\n  ctx.body = \`middle -> \${await answer.text()}\`;\n});`),
  ...koa("leaf", `app.use(async (ctx) => {\n  ctx.body = "leaf";\n});`),
  "docker-compose.yml": "services:\n  relay:\n    build: ./services/relay\n    environment:\n      MIDDLE_URL: http://middle:3000\n  middle:\n    build: ./services/middle\n    environment:\n      LEAF_URL: http://leaf:3000\n  leaf:\n    build: ./services/leaf\n",
};

describe("[I] koa handlers written as the app's last middleware", () => {
  it("each answers every path: its calls are judged, the chain through them found, no version asked of it", () => {
    const result = lintTree(relay);
    expect(result.model.routes.map((route) => `${route.id}${route.catchAll ? " (catch-all)" : ""}`).sort()).toEqual(["leaf ALL /* (catch-all)", "middle ALL /* (catch-all)", "relay ALL /* (catch-all)"]);
    expect(result.findings.filter((f) => f.ruleId === "unversioned-route")).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === "unprotected-call").map((f) => `${f.data?.service} ${f.data?.targetService}`).sort()).toEqual(["middle leaf", "relay middle"]);
    const chain = result.findings.find((f) => f.ruleId === "sync-call-chain" && f.messageId === "chain");
    expect(chain?.message).toContain("relay ALL /* → middle ALL /* → leaf ALL /*");
  });

  it("middleware (it takes next), a not-found handler and a function that writes no answer are no route", () => {
    const code = `const Koa = require("koa");\nconst app = new Koa();\napp.use(async (ctx, next) => { await next(); ctx.body = "x"; });\napp.use(async (ctx) => { ctx.status = 404; ctx.body = "not found"; });\napp.use(async (ctx) => { console.log(ctx.path); });\napp.use("/x", async (ctx) => { ctx.body = "x"; });\n`;
    expect(facts(code, "src/server.js").routes.map((route) => `${route.method} ${route.path}${route.catchAll ? " catch-all" : ""}`)).toEqual(["ALL /x/* catch-all"]);
  });
});
