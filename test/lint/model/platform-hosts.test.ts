import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * Services deployed on a hosting platform that names each app under its own domain, calling each other at those
 * addresses: `https://bakery-ovens-svc.onrender.com/ovens/3`. Nothing in the repository deploys them (no compose, no
 * manifests), so the app's name is the only clue: the service named in it, else the one service that serves the path.
 */

const app = (name: string, routes: string, body = ""): Tree => ({
  [`${name}/package.json`]: { name, main: "server.js", type: "module", dependencies: { express: "*", axios: "*" } },
  [`${name}/server.js`]: `import express from "express";\nimport axios from "axios";\nconst app = express();\n${routes}${body}app.use("*", (req, res) => res.status(404).end());\napp.listen(process.env.PORT);\n`,
});

const caller = (url: string, method = "get"): Tree =>
  app("bakery_orders", `app.post("/orders", async (req, res) => {\n  const r = await axios.${method}("${url}");\n  res.json(r.data);\n});\n`);

const bakery = (url: string, method?: string): Tree => ({
  ...caller(url, method),
  ...app("bakery_ovens", `app.get("/ovens/:id", (req, res) => res.json({}));\n`),
  ...app("bakery_till", `app.get("/till/check", (req, res) => res.json({}));\napp.post("/till/check", (req, res) => res.json({}));\n`),
  ...app("bakery_ledger", `app.get("/ledger/lines", (req, res) => res.json({}));\n`),
});

const target = (url: string, method?: string) => {
  const { model } = lintTree(bakery(url, method));
  const call = model.calls.find((c) => c.service === "bakery_orders")!;
  return `${call.targetService ?? "-"} ${call.targetRoute ?? "-"} | ${call.resolution}`;
};

describe("an app on a hosting platform is the service its name or its path says", () => {
  it("by the service named in the app's name (plural or not, whatever the words around it)", () => {
    expect(target("https://bakery-oven-microservices.onrender.com/ovens/3")).toBe(
      "bakery_ovens bakery_ovens GET /ovens/:id | host bakery-oven-microservices.onrender.com (the app bakery-oven-microservices on a hosting platform, named after bakery_ovens)",
    );
    expect(target("https://bakery-ledger.herokuapp.com/ledger/lines")).toMatch(/^bakery_ledger bakery_ledger GET \/ledger\/lines \|/);
    expect(target("https://bakery-ledger-3fa2-uc.a.run.app/ledger/lines")).toMatch(/^bakery_ledger /);
  });

  it("by the one service that serves the path, when the name says none", () => {
    expect(target("https://cashdesk.fly.dev/till/check")).toBe(
      "bakery_till bakery_till GET /till/check | host cashdesk.fly.dev (the app cashdesk on a hosting platform; bakery_till is the one service that serves GET /till/check)",
    );
  });

  it("not a host outside the hosting platforms, a path no service serves but a catch-all, nor the caller itself", () => {
    expect(target("https://api.cashdesk.example.com/till/check")).toBe("- - | host api.cashdesk.example.com is not a known service");
    expect(target("https://cashdesk.fly.dev/till/refunds")).toBe("- - | host cashdesk.fly.dev is not a known service");
    expect(target("https://bakery-orders.onrender.com/orders", "post")).toBe("- - | host bakery-orders.onrender.com is not a known service");
  });
});
