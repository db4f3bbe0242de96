import type { ArchModel, Diagnostic, RouteFact } from "../types.js";

/**
 * Server code no service owns: a file that declares routes in a folder that is no service's and no library's (no
 * package.json with an entry around it, no deployment that builds its folder: a compose `build:` path misspelt, an
 * app copied into a folder of its own without its manifest). Its routes and the calls its handlers make are not
 * checked, and a reader would take the folder for a service: said once per folder, with the folder to declare.
 * Browser code that only calls (a front end's fetches) declares no route, and is left alone, as its calls are; so is
 * code named or kept as tooling, tests, mocks or examples (`scripts/mock-carrier.js`), which nobody deploys, and code in
 * shared folders (`libs/`, `shared/`), which services import.
 */
export function unownedServers(files: Iterable<{ file: string; imports: readonly { specifier: string }[]; routes?: readonly RouteFact[] }>, model: ArchModel, libraryOf: (file: string) => string | undefined): Diagnostic[] {
  if (!model.services.length) return [];
  const byFolder = new Map<string, { file: string; line: number; routes: string[] }>();
  // A file no one service owns may still be shared by the services that import it (a package's code that each of its
  // entries runs, model/entry-services.ts): its routes are theirs.
  const served = new Set(model.routes.map((route) => route.location.file));
  for (const { file, imports, routes } of files) {
    if (!routes?.length || model.fileService[file] !== undefined || served.has(file) || libraryOf(file) !== undefined || isTooling(file)) continue;
    // A front end's client (`api.post("/cart/checkout")` on an axios instance) is no server: only a file that loads a web framework.
    if (!imports.some((fact) => SERVER_FRAMEWORKS.has(fact.specifier))) continue;
    const folder = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".";
    const seen = byFolder.get(folder) ?? { file, line: routes[0]!.location.line, routes: [] };
    for (const route of routes) seen.routes.push(`${route.method} ${route.path || "/"}`);
    byFolder.set(folder, seen);
  }
  const diagnostics: Diagnostic[] = [];
  for (const [folder, { file, line, routes }] of byFolder) {
    const unique = [...new Set(routes)];
    const shown = `${unique.slice(0, 3).join(", ")}${unique.length > 3 ? `, +${unique.length - 3} more` : ""}`;
    const top = folder === "." ? "app" : folder.split("/")[0]!;
    diagnostics.push({
      kind: "not-understood",
      message: `${file} declares ${unique.length === 1 ? "a route" : `${unique.length} routes`} (${shown}), but no service owns it (it is in no service's folder, or no file of its service loads it): its routes and the calls its handlers make are not checked; if it runs as a service, declare it in arch-lint.config.yaml: services: { ${top.toLowerCase().replace(/[^a-z0-9-]+/g, "-")}: { path: ${top} } }`,
      file,
      line,
    });
  }
  return diagnostics;
}

/** Packages a file that declares routes of a server loads. */
const SERVER_FRAMEWORKS: ReadonlySet<string> = new Set(["express", "fastify", "koa", "koa-router", "@koa/router", "koa-route", "hono", "@hapi/hapi", "hapi", "restify", "@nestjs/common", "@nestjs/core", "polka", "micro", "router"]);

/** Folders that hold tooling, tests, mocks, examples or code shared by services (a Nest monorepo's `libs/`), and words of a file's name that say it is one. */
const TOOLING_FOLDER = /^(scripts?|tools?|tests?|__tests__|specs?|e2e|mocks?|__mocks__|fixtures?|seeds?|seeders|examples?|samples?|libs?|shared|common)$/i;
const TOOLING_WORD = /(^|[-_.])(test|tests|spec|e2e|smoke|seed|seeds|seeder|fixture|fixtures|mock|mocks|fake|stub)([-_.]|$)/i;

function isTooling(file: string): boolean {
  const parts = file.split("/");
  return parts.slice(0, -1).some((part) => TOOLING_FOLDER.test(part)) || TOOLING_WORD.test(parts[parts.length - 1]!.replace(/\.[cm]?[jt]sx?$/, ""));
}
