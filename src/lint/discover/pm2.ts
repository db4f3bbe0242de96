import { posix } from "node:path";
import type { Diagnostic } from "../types.js";
import { safeYaml } from "./yaml.js";

/**
 * pm2's ecosystem files (`ecosystem.config.js`, `pm2.config.js`, `process.config.js`, `process.yml`): the processes pm2
 * keeps running, each an app with the `script` it runs, the folder it runs it in (`cwd`) and a `name`. Some repositories
 * say how their services run only there (no compose file, no start script per service: `pm2 start ecosystem.config.js`),
 * so an app that runs a file of the repository is a process of the package holding that file. Read as text, never run: a
 * script or cwd computed at run time (`path.join(__dirname, …)`) is not read. A Procfile's processes are read the same way.
 */

export interface Pm2App {
  name?: string;
  /** What pm2 runs: a file (`./server/gateway.js`) or a program (`npm`, with `args`). */
  script: string;
  cwd?: string;
  args?: string;
  /** The ecosystem file and the line of the app's `script`. */
  file: string;
  line: number;
}

/** The names pm2's ecosystem files have: `ecosystem.config.js`, `pm2.json`-like YAML, `pm2.orders.config.cjs`, `process.config.js`, `process.yml`. */
const ECOSYSTEM_FILE = /^(?:(?:ecosystem|pm2)(?:[.-][\w-]+)*\.(?:c?js|ya?ml)|process(?:[.-][\w-]+)*\.config\.c?js|process\.ya?ml)$/i;

export function isEcosystemFile(rel: string): boolean {
  return ECOSYSTEM_FILE.test(posix.basename(rel));
}

/** The apps of one ecosystem file (JavaScript or YAML). */
export function readPm2Apps(file: string, text: string, diagnostics: Diagnostic[]): Pm2App[] {
  if (/\.ya?ml$/i.test(file)) return yamlApps(file, text, diagnostics);
  const apps: Pm2App[] = [];
  const seen = new Set<number>();
  // Each `script: "<path>"` inside an object literal: that object is the app (its `name`, `cwd`, `args` beside it).
  for (const match of text.matchAll(/(?:^|[\s{,])["']?script["']?\s*:\s*(["'`])([^"'`\n]+)\1/g)) {
    const at = match.index + match[0].indexOf("script");
    const open = enclosingBrace(text, at);
    if (open < 0 || seen.has(open)) continue;
    seen.add(open);
    const close = matchingBrace(text, open);
    const body = topLevelOf(text.slice(open + 1, close < 0 ? text.length : close));
    const app: Pm2App = { script: match[2]!.trim(), file, line: text.slice(0, at).split("\n").length };
    for (const key of ["name", "cwd", "args"] as const) {
      const value = new RegExp(`(?:^|[\\s,])["']?${key}["']?\\s*:\\s*(["'\`])([^"'\`\\n]*)\\1`).exec(body)?.[2];
      if (value !== undefined) app[key] = value;
    }
    apps.push(app);
  }
  return apps;
}

function yamlApps(file: string, text: string, diagnostics: Diagnostic[]): Pm2App[] {
  const parsed = safeYaml(text, file, diagnostics) as { apps?: unknown } | undefined;
  const list = Array.isArray(parsed?.apps) ? parsed.apps : Array.isArray(parsed) ? parsed : [];
  const apps: Pm2App[] = [];
  for (const entry of list as unknown[]) {
    if (!entry || typeof entry !== "object") continue;
    const { script, name, cwd, args } = entry as Record<string, unknown>;
    if (typeof script !== "string") continue;
    const at = text.indexOf(script);
    apps.push({
      script,
      ...(typeof name === "string" ? { name } : {}),
      ...(typeof cwd === "string" ? { cwd } : {}),
      ...(typeof args === "string" ? { args } : {}),
      file,
      line: at >= 0 ? text.slice(0, at).split("\n").length : 1,
    });
  }
  return apps;
}

/**
 * A Procfile's processes (`web: node server/gateway.js`, `worker: node jobs/index.js`), as apps run from the Procfile's
 * folder; `release:` (a one-off task run before each deploy, migrations) is none.
 */
export function readProcfile(file: string, text: string): Pm2App[] {
  const apps: Pm2App[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const match = /^([A-Za-z0-9_-]+)\s*:\s*(.+)$/.exec(line.trim());
    if (!match || match[1] === "release") return;
    // The file a runner starts (`node --max-old-space-size=512 server/gateway.js`, `npx tsx api.ts`), after a `cd` into its
    // folder (`cd services/ingest && node server.js`).
    let cwd: string | undefined;
    for (const step of match[2]!.split("&&")) {
      const words = step.trim().split(/\s+/).filter((word) => !/^[A-Z_][A-Z0-9_]*=/.test(word));
      if (words[0] === "cd" && words[1] && !/[$~]/.test(words[1])) {
        cwd = posix.join(cwd ?? ".", words[1]);
        continue;
      }
      if (words[0] === "npx") words.shift();
      if (!/^(node|nodemon|ts-node|ts-node-dev|tsx|bun)$/.test(words[0] ?? "")) return;
      const script = words.slice(1).find((word) => !word.startsWith("-") && /\.[cm]?[jt]sx?$/.test(word));
      if (script) apps.push({ name: match[1]!, script, ...(cwd !== undefined ? { cwd } : {}), file, line: index + 1 });
      return;
    }
  });
  return apps;
}

/** Programs pm2 may run instead of a file (`script: "npm", args: "run start:prod"`): the package in `cwd` starts itself. */
const PROGRAM = /^(npm|npx|yarn|pnpm|bun|node|sh|bash)$/;

/**
 * The file of the repository an app runs, relative to the scan's root (the ecosystem file's folder, then its `cwd`), or
 * undefined when it runs a program, or a path outside the repository (`/usr/src/app/index.js`, a container's).
 */
export function pm2AppFile(app: Pm2App): string | undefined {
  if (PROGRAM.test(app.script) || posix.isAbsolute(app.script) || (app.cwd !== undefined && posix.isAbsolute(app.cwd))) return undefined;
  const folder = posix.join(posix.dirname(app.file), app.cwd ?? ".");
  const path = posix.normalize(posix.join(folder, app.script));
  return path.startsWith("../") ? undefined : path;
}

/** The position of the `{` that opens the object holding `at`, or -1 (strings are not told apart: ecosystem files are plain). */
function enclosingBrace(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i >= 0; i--) {
    const c = text[i];
    if (c === "}" || c === "]") depth++;
    else if (c === "{" || c === "[") {
      if (depth === 0) return c === "{" ? i : -1;
      depth--;
    }
  }
  return -1;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** An object's text with its nested objects and arrays blanked (an app's `env: { name: … }` is not the app's name). */
function topLevelOf(body: string): string {
  let out = "";
  let depth = 0;
  for (const c of body) {
    if (c === "{" || c === "[") depth++;
    if (depth === 0) out += c;
    else out += c === "\n" ? "\n" : " ";
    if (c === "}" || c === "]") depth--;
  }
  return out;
}
