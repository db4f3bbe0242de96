import { describe, expect, it } from "vitest";
import { facts, lintTree, type Tree } from "../helpers.js";

/**
 * A Moleculer schema's `methods: {}` run when an action calls `this.<name>()` (model/moleculer.ts's methodEdges): what
 * a method calls is called while handling the action. A `this.x()` outside any class names no function of the file
 * otherwise, so the extractor keeps only those that name a method of a schema the file declares.
 */

const shop = (users: string): Tree => ({
  "package.json": { name: "shop", scripts: { start: "moleculer-runner services" }, dependencies: { moleculer: "*" } },
  "moleculer.config.js": `module.exports = { transporter: "nats://nats:4222" };`,
  "docker-compose.yml": ["services:", "  orders:", "    build: .", "    environment:", "      SERVICES: orders", "  users:", "    build: .", "    environment:", "      SERVICES: users", "  nats:", "    image: nats:2"].join("\n"),
  "services/orders.service.js": `module.exports = { name: "orders", actions: { place(ctx) { return 1; } } };`,
  "services/users.service.js": users,
});

describe("[I] Moleculer schema methods in the call graph", () => {
  it("an action's this.lookup() reaches the method lookup, whose ctx.call is made while handling the action; this.other() of no method reaches nothing", () => {
    const result = lintTree(
      shop(
        [
          `module.exports = {`,
          `  name: "users",`,
          `  actions: {`,
          `    get(ctx) {`,
          `      this.other(ctx);`,
          `      return this.lookup(ctx);`,
          `    },`,
          `  },`,
          `  methods: {`,
          `    lookup(ctx) {`,
          `      return ctx.call("orders.place");`,
          `    },`,
          `  },`,
          `};`,
          // A second schema of the file, without methods: nothing of it is a method edge.
          `broker.createService({ name: "audit", actions: { log() { return true; } } });`,
        ].join("\n"),
      ),
    );
    const edges = Object.values(result.model.edges).flat();
    expect(edges.map((e) => `${e.from} -> ${e.to} L${e.location.line}`)).toEqual(["services/users.service.js#fn@L4C5 -> services/users.service.js#fn@L10C5 L6"]);
    expect(result.findings.filter((f) => f.ruleId === "unprotected-call").map((f) => f.message.split(" with ")[0])).toEqual(["users calls orders (CALL orders.place) while handling ACTION users.get"]);
  });

  it("the extractor keeps this.x() outside a class only when x is a method of a schema of the file", () => {
    const names = (code: string) => facts(code, "services/users.service.js").callees.map((c) => `${c.object}.${c.name}`);
    expect(names(`module.exports = { name: "users", actions: { get(ctx) { this.other(); return this.lookup(ctx); } }, methods: { lookup() {} } };`)).toEqual(["this.lookup"]);
    expect(names(`module.exports = { name: "users", actions: { get(ctx) { return this.lookup(ctx); } } };\nfunction lookup() {}\n`)).toEqual([]);
  });
});
