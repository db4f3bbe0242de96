import type { Ctx } from "./context.js";

/**
 * Routers that only a factory nobody uses builds: `export function createChatRoutes(c) { const router = new Hono();
 * router.get(...); return router }` in a file that other files import but none uses (every import of it unused,
 * nothing requires or re-exports it) and that does not name the factory again itself. A file nobody imports is left
 * alone: a loader may require it by a path built at run time. Such a router is never mounted, so its routes are not
 * served: they are left out, not judged as if mounted at the root. Any use of the file keeps them, whatever it is.
 * Returns the routers' node keys (`file#objectId`); empty, at the cost of one pass over the files, when no file
 * exports a router factory.
 */
export function unusedFactoryRouters(ctx: Ctx): Set<string> {
  const candidates = new Map<string, { fn: string; router: string }[]>();
  for (const f of ctx.facts.values()) {
    const exported = new Set(Object.values(f.exports));
    for (const [fn, router] of Object.entries(f.returns)) {
      if (!f.apps[router] || !exported.has(fn) || f.factoriesNamedAgain?.includes(fn) || calledInFile(f, fn)) continue;
      const list = candidates.get(f.file) ?? [];
      list.push({ fn, router });
      candidates.set(f.file, list);
    }
  }
  const dead = new Set<string>();
  if (candidates.size === 0) return dead;
  const used = new Set<string>();
  const leftOver = new Set<string>();
  for (const f of ctx.facts.values()) {
    const specifiers = new Map<string, boolean>();
    for (const imported of f.imports) specifiers.set(imported.specifier, (specifiers.get(imported.specifier) ?? false) || !imported.unused);
    for (const reference of f.moduleReferences ?? []) specifiers.set(reference.specifier, true);
    for (const [specifier, isUsed] of specifiers) {
      const target = ctx.resolver.resolve(f.file, specifier);
      if (!target || target === f.file || !candidates.has(target)) continue;
      (isUsed ? used : leftOver).add(target);
    }
  }
  for (const [file, list] of candidates) {
    // Imported somewhere and used nowhere: left over. A file nobody imports may be loaded by a path built at run time.
    if (used.has(file) || !leftOver.has(file)) continue;
    for (const { router } of list) dead.add(`${file}#${router}`);
  }
  return dead;
}

/** The file calls or mounts the function itself (`export default createRoutes(deps)`, `app.use(createRoutes())`). */
function calledInFile(f: { callees: readonly { name: string; object?: string; local?: string }[]; mounts: readonly { child: { kind: string; id?: string } }[] }, fn: string): boolean {
  const name = fn.startsWith("fn:") ? fn.slice(3) : fn;
  return f.callees.some((c) => c.local === fn || (!c.object && c.name === name)) || f.mounts.some((m) => m.child.kind === "local" && m.child.id === fn);
}
