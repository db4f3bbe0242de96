import type { ModelRoute, ServiceInfo } from "../types.js";
import type { Ctx } from "./context.js";
import { matchRoute } from "./match-route.js";

/**
 * Hosting platforms that give every app a name of its own under their domain (Render's `<app>.onrender.com`,
 * Heroku's `<app>.herokuapp.com`, Fly's `<app>.fly.dev`, Railway, Vercel, Netlify, Azure App Service and Container
 * Apps, Cloud Run, App Engine, DigitalOcean App Platform, Koyeb): a repository whose services call each other at
 * such addresses writes the other service's deployed name into the code, and nothing in the repository says which
 * folder that app is built from. The app's name is the host's first label.
 */
const PLATFORM_HOST =
  /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\.(?:[a-z0-9-]+\.)*(?:onrender\.com|herokuapp\.com|fly\.dev|up\.railway\.app|railway\.app|vercel\.app|netlify\.app|azurewebsites\.net|azurecontainerapps\.io|run\.app|appspot\.com|ondigitalocean\.app|koyeb\.app)$/;

/** Words of an app's name that say what it is, not which one (`library-book-microservices`). */
const GENERIC = /^(micro)?services?$|^(svc|api|app|server|backend|srv|ms)$/;

/**
 * The other service of the repository an app on a hosting platform is, seen from `self`:
 * - the one whose name is in the app's name (`library-book-microservices` → `book_services`), the longest such
 *   name when several are (`user-profile` over `user`);
 * - else the one service that serves the path asked for (`/auth/authenticate`), a route of its own (no catch-all).
 * Undefined when neither says one service.
 */
export function platformApp(
  ctx: Pick<Ctx, "services">,
  self: string,
  host: string,
  method: string,
  path: string,
  routes: ModelRoute[],
): { service: ServiceInfo; why: string } | undefined {
  const app = PLATFORM_HOST.exec(host.toLowerCase())?.[1];
  if (!app) return undefined;
  const words = app.split("-").map(singular);
  const others = ctx.services.filter((s) => s.name !== self);
  let best: { service: ServiceInfo; length: number } | undefined;
  let tie = false;
  for (const service of others) {
    const name = nameWords(service.name);
    if (!name.length || !containsRun(words, name)) continue;
    if (!best || name.length > best.length) {
      best = { service, length: name.length };
      tie = false;
    } else if (name.length === best.length) tie = true;
  }
  if (best && !tie) return { service: best.service, why: `the app ${app} on a hosting platform, named after ${best.service.name}` };
  if (best) return undefined;
  if (!/[a-z]/i.test(path.replace(/\{[^}]*\}/g, ""))) return undefined;
  const serving = others.filter((service) => {
    const id = matchRoute(routes, service.name, method, path);
    const route = id === undefined ? undefined : routes.find((r) => r.id === id);
    return route !== undefined && !route.path.includes("*");
  });
  return serving.length === 1 ? { service: serving[0]!, why: `the app ${app} on a hosting platform; ${serving[0]!.name} is the one service that serves ${method} ${path}` } : undefined;
}

/** `book_services` → ["book"], `order-service` → ["order"], `user-profile` → ["user", "profile"]. */
function nameWords(name: string): string[] {
  return name
    .toLowerCase()
    .replace(/^@[^/]+\//, "")
    .split(/[-_.]/)
    .filter((word) => word && !GENERIC.test(word))
    .map(singular);
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word;
}

/** `name` appears in `words` as consecutive words. */
function containsRun(words: readonly string[], name: readonly string[]): boolean {
  for (let i = 0; i + name.length <= words.length; i++) if (name.every((word, j) => words[i + j] === word)) return true;
  return false;
}
