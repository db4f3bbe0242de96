import { posix } from "node:path";
import type { PathsConfig } from "../model/resolve.js";

/**
 * module-alias's `_moduleAliases` in a package.json (`"@orders": "src/orders"`): at run time `require("module-alias/register")`
 * makes `@orders` and `@orders/x` load from those folders, relative to the package.json. As resolver entries they resolve as
 * tsconfig paths do, so a router imported as `@orders/routes/orders.route` is followed to its file.
 */
export function readModuleAliases(rel: string, text: string | undefined): PathsConfig | undefined {
  if (!text || !text.includes("_moduleAliases")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const aliases = parsed && typeof parsed === "object" ? (parsed as { _moduleAliases?: unknown })._moduleAliases : undefined;
  if (!aliases || typeof aliases !== "object" || Array.isArray(aliases)) return undefined;
  const paths: Record<string, string[]> = {};
  for (const [name, target] of Object.entries(aliases as Record<string, unknown>)) {
    if (typeof target !== "string" || !name) continue;
    const folder = target.replace(/^\.\//, "").replace(/\/+$/, "") || ".";
    paths[name.replace(/\/+$/, "")] = [folder];
    paths[`${name.replace(/\/+$/, "")}/*`] = [`${folder}/*`];
  }
  if (!Object.keys(paths).length) return undefined;
  return { dir: posix.dirname(rel) === "." ? "" : posix.dirname(rel), baseUrl: ".", paths };
}
