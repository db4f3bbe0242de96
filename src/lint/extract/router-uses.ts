import type { Extractor } from "./extractor.js";

/**
 * An Express router used as another route's middleware: `const gate = Router(); gate.use(checkToken); export default
 * gate`, then `router.put("/", gate, handler)` or `app.use("/admin", gate, proxy(...))` in another file. Express runs
 * the router's own middleware for the request before passing it on, so its calls (asking an auth service about the
 * token) are made while handling that route. The middleware a router `use`s with no path (for every request it sees)
 * is kept per router at the end of the file; the model follows a step that names such a router into them
 * (model/router-uses.ts).
 */
export const routerUses: Extractor = {
  family: "router-uses",
  modules: ["express"],
  fileEnd(ctx) {
    if (!ctx.guards) return;
    for (const [owner, list] of ctx.guards) {
      const steps = list.filter(({ prefix }) => prefix === "" || prefix === "/").flatMap(({ steps }) => steps);
      if (steps.length) (ctx.facts.routerUses ??= {})[owner] = steps;
    }
  },
};
