import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCreateService } from "../helpers/cli.js";
import { rehearsalPath } from "../helpers/host-env.js";
import { internalToken } from "../helpers/internal-token.js";
import { freePort } from "../helpers/ports.js";
import { installEnv, installServiceDependencies } from "../helpers/service-deps.js";
import {
  START_TIMEOUT,
  STOP_GRACE_MS,
  assertNothingAbove,
  killIfRunning,
  killStartedServices,
  npmCacheFor,
  rehearseBuild,
  runHealthcheck,
  startCmd,
  waitUntilListening,
  type Built,
} from "./dockerfile-rehearsal.js";
import { UnsupportedDockerfileError, expandVariables, parseDockerfile } from "./dockerfile-stages.js";
import { OPTION_SETS, cliFlags, type OptionSet } from "./option-sets.js";

// The generated service's Dockerfile, rehearsed without Docker: what the rehearsal does and cannot show is said in
// dockerfile-rehearsal.ts, which carries it out; these tests generate the services, drive it and check the result.

const INSTALL_TIMEOUT = 300_000;
const BUILD_TIMEOUT = 600_000;
/** The INTERNAL_TOKEN_SECRET the container gets, as a Kubernetes Secret would give it (the gateway's). */
const GATEWAY_SECRET = "the-gateway-internal-token-secret-0123456789";

const REHEARSED: OptionSet[] = [
  OPTION_SETS.find((options) => Object.keys(options.flags).length === 0),
  OPTION_SETS.find((options) => options.publishes.length > 0 && options.consumes.length > 0 && options.calls.length === 0),
].map((options) => {
  if (options === undefined) throw new Error("option-sets.ts no longer has the default set or the publishes+consumes set");
  return options;
});

const root = mkdtempSync(join(tmpdir(), "create-service-dockerfile-"));
// Removing the rehearsal's installed trees took over a minute on a loaded two-core machine: the default 60 s hook timeout failed a run whose tests had all passed.
afterAll(() => {
  killStartedServices();
  rmSync(root, { recursive: true, force: true });
}, 300_000);

const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`${what} did not happen: see the failure of the test before this one`);
  return value;
};

describe("reading a Dockerfile into stages (dockerfile-stages.ts)", () => {
  it("reads stages, global ARGs, continuations, and the exec and shell forms", () => {
    const parsed = parseDockerfile(
      [
        "# syntax=docker/dockerfile:1",
        "ARG BASE=node:24-slim",
        "FROM ${BASE} AS build",
        "ARG BASE",
        "ENV A=1 B=\"two words\"",
        "ENV LEGACY value with spaces",
        "WORKDIR /app",
        "COPY --from=0 --chown=node:node a b ./",
        "RUN npm ci \\",
        "  # a comment line inside the continuation",
        "  && npm run build",
        'HEALTHCHECK --timeout=3s \\',
        '  CMD ["node", "-e", "process.exit(0)"]',
        'CMD ["node", "server.js"]',
        "FROM build",
        "CMD node server.js",
      ].join("\n"),
    );
    expect(parsed.directives).toEqual({ syntax: "docker/dockerfile:1" });
    expect(parsed.globalArgs).toEqual([{ name: "BASE", defaultValue: "node:24-slim" }]);
    expect(parsed.stages.map((stage) => [stage.index, stage.name, stage.image, stage.line])).toEqual([
      [0, "build", "${BASE}", 3],
      [1, undefined, "build", 15],
    ]);
    const steps = parsed.stages[0]?.steps ?? [];
    expect(steps.map((step) => step.kind)).toEqual(["ARG", "ENV", "ENV", "WORKDIR", "COPY", "RUN", "HEALTHCHECK", "CMD"]);
    expect(steps[0]).toMatchObject({ name: "BASE", defaultValue: undefined });
    expect(steps[1]).toMatchObject({ vars: [["A", "1"], ["B", "two words"]] });
    expect(steps[2]).toMatchObject({ vars: [["LEGACY", "value with spaces"]] });
    expect(steps[4]).toMatchObject({ from: "0", chown: "node:node", chmod: undefined, sources: ["a", "b"], dest: "./" });
    expect(steps[5]).toMatchObject({ line: 9, command: { form: "shell", script: "npm ci   && npm run build" } });
    expect(steps[6]).toMatchObject({ options: { timeout: "3s" }, test: { form: "exec", argv: ["node", "-e", "process.exit(0)"] } });
    expect(steps[7]).toMatchObject({ command: { form: "exec", argv: ["node", "server.js"] } });
    expect(parsed.stages[1]?.steps).toMatchObject([{ kind: "CMD", command: { form: "shell", script: "node server.js" } }]);
  });

  it.each([
    ["an instruction it does not carry out", "FROM node:24\nADD x /x", 2, "ADD is not an instruction the rehearsal carries out"],
    ["ENTRYPOINT", 'FROM node:24\nENTRYPOINT ["node"]', 2, "ENTRYPOINT is not an instruction"],
    ["an unknown flag", "FROM node:24\nWORKDIR /app\nCOPY --link a ./", 3, "the flag --link of COPY is not rehearsed"],
    ["a cache mount", "FROM node:24\nRUN --mount=type=cache,target=/root/.npm npm ci", 2, "the flag --mount of RUN"],
    ["FROM --platform", "FROM --platform=linux/amd64 node:24", 1, "the flag --platform of FROM"],
    ["a heredoc", "FROM node:24\nRUN <<EOF\necho hi\nEOF", 2, "heredocs are not rehearsed"],
    ["an instruction before FROM", "WORKDIR /app\nFROM node:24", 1, "only ARG may come before the first FROM"],
  ])("refuses %s, naming the line", (_what, text, line, why) => {
    expect(() => parseDockerfile(text)).toThrow(UnsupportedDockerfileError);
    expect(() => parseDockerfile(text)).toThrow(new RegExp(`^Dockerfile line ${line}: .*${why.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  });

  it("expands variables as the builder does", () => {
    const vars: Record<string, string> = { A: "a", EMPTY: "" };
    const lookup = (name: string): string | undefined => vars[name];
    expect(expandVariables("$A/${A}/${UNSET}/${EMPTY:-d}/${A:+alt}/${UNSET:+alt}/\\$A", lookup)).toBe("a/a//d/alt//$A");
    expect(() => expandVariables("${A#x}", lookup)).toThrow(/unsupported substitution/);
  });
});

describe.each(REHEARSED)("the Dockerfile of a service generated with $label, rehearsed without Docker", (options: OptionSet) => {
  const setRoot = join(root, options.label.replace(/\W+/g, "-"));
  const context = join(setRoot, "context", options.name);
  const work = join(setRoot, "stages");
  const timings: Array<[string, number]> = [];
  let installed = false;
  let built: Built | undefined;

  beforeAll(async () => {
    mkdirSync(work, { recursive: true });
    assertNothingAbove(work);
    const started = Date.now();
    const result = await runCreateService([options.name, "--yes", "--skip-git", "--skip-install", "--dir", context, ...cliFlags(options)], { cwd: setRoot });
    if (result.exitCode !== 0) throw new Error(`create-service exited with ${result.exitCode}:\n${result.stdout}\n${result.stderr}`);
    timings.push(["generate", Date.now() - started]);
  }, 120_000);

  afterAll(() => {
    const lines = timings.map(([step, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${step}`);
    console.log(`[dockerfile rehearsal, ${options.label}]\n${lines.join("\n")}`);
  });

  it("npm install leaves the package-lock.json the build needs: the service's, every package locked by URL and integrity", async () => {
    const started = Date.now();
    // The dependency set is installed once per run for every service that has it (test/helpers/service-deps.ts),
    // with npm's default lockfile, each package's resolved URL in it, whatever this machine's ~/.npmrc says
    // (omit-lockfile-registry-resolved): without the URLs `npm ci` looks every package up in its metadata, and
    // offline-first it may take a stale cached copy that lacks the locked version (ETARGET); Docker's empty cache
    // never has that problem. With them it takes the tarballs by URL and integrity, which cannot go stale.
    await installServiceDependencies(context);
    const result = await execa("npm", ["install", "--no-audit", "--no-fund"], { cwd: context, env: installEnv(), extendEnv: false, reject: false, all: true, stdin: "ignore" });
    timings.push(["npm install (the user's, before docker build)", Date.now() - started]);
    if (result.exitCode !== 0) throw new Error(`npm install exited with ${result.exitCode}:\n${String(result.all).slice(-4000)}`);
    const lock = JSON.parse(readFileSync(join(context, "package-lock.json"), "utf8")) as { packages: Record<string, { name?: string; resolved?: string; integrity?: string; link?: boolean; inBundle?: boolean }> };
    expect(lock.packages[""]?.name, "the lockfile's root").toBe(options.name);
    const unlocked = Object.entries(lock.packages)
      .filter(([path, entry]) => path.startsWith("node_modules/") && entry.link !== true && entry.inBundle !== true && (entry.resolved === undefined || entry.integrity === undefined))
      .map(([path]) => path);
    expect(unlocked, "packages the lockfile has no resolved URL or integrity for").toEqual([]);
    installed = true;
  }, INSTALL_TIMEOUT);

  it("builds every stage from a fresh folder: each COPY finds its files, each RUN passes", async () => {
    if (!installed) throw new Error("npm install did not pass: see the test before this one");
    const cache = await npmCacheFor(setRoot);
    built = await rehearseBuild(context, work, cache);
    timings.push(...built.timings);
    // The deps stage's `npm cache clean --force` removed the link, not the machine's cache.
    expect(existsSync(cache.real)).toBe(true);
  }, BUILD_TIMEOUT);

  it("the runtime stage runs as an unprivileged user and exposes the port its ENV sets", () => {
    const { final } = need(built, "the build");
    expect(final.user, "USER of the runtime stage").not.toMatch(/^(root|0)(:|$)/);
    expect(final.exposed, "EXPOSE of the runtime stage").toContain(final.env.get("PORT"));
    expect(final.healthcheck, "HEALTHCHECK of the runtime stage").toBeDefined();
    expect(final.cmd, "CMD of the runtime stage").toBeDefined();
  });

  it("the runtime stage's node_modules holds no devDependency (what --omit=dev promises)", () => {
    const { final } = need(built, "the build");
    const manifest = JSON.parse(readFileSync(join(context, "package.json"), "utf8")) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    const lock = JSON.parse(readFileSync(join(context, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> };
    const devDependencies = Object.keys(manifest.devDependencies ?? {});
    // A devDependency a production dependency needs as well (@types/pg, from @opentelemetry/instrumentation-pg) is
    // installed by --omit=dev too: the lockfile npm install wrote says which packages only development needs.
    const devOnly = (name: string): boolean => lock.packages[`node_modules/${name}`]?.dev === true;
    expect(devDependencies.filter(devOnly), "devDependencies that only development needs").not.toEqual([]);
    const present = devDependencies.filter((name) => devOnly(name) && existsSync(join(final.folder, "node_modules", name)));
    expect(present, "devDependencies found in the runtime stage's node_modules").toEqual([]);
    const leaked = Object.entries(lock.packages)
      .filter(([path, entry]) => path.startsWith("node_modules/") && entry.dev === true && existsSync(join(final.folder, path)))
      .map(([path]) => path);
    expect(leaked, "packages only devDependencies need, found in the runtime stage").toEqual([]);
    for (const name of Object.keys(manifest.dependencies ?? {})) expect(existsSync(join(final.folder, "node_modules", name)), `dependency ${name} in the runtime stage`).toBe(true);
  });

  it("the runtime stage's CMD serves the API, its HEALTHCHECK passes, and SIGTERM ends it with code 0", async () => {
    const { final } = need(built, "the build");
    const cmd = need(final.cmd, "a CMD in the runtime stage");
    if (cmd.form !== "exec") throw new Error(`CMD ${cmd.script}: the shell form runs /bin/sh as PID 1, which does not pass SIGTERM on to node; use the exec form ["node", ...]`);
    const check = need(final.healthcheck, "a HEALTHCHECK in the runtime stage");
    if (check.test === "NONE" || check.test.form !== "exec") throw new Error(`Dockerfile line ${check.line}: the rehearsal runs a HEALTHCHECK in the exec form only`);

    const port = await freePort();
    const home = join(setRoot, "home");
    mkdirSync(home, { recursive: true });
    // The container's environment is the image's ENV (ARG values are not kept); the host lends PATH.
    // The image says NODE_ENV=production, which needs the gateway's secret: Kubernetes gives it from the Secret.
    const env: Record<string, string> = { PATH: rehearsalPath(), HOME: home, ...Object.fromEntries(final.env), PORT: String(port), HOST: "127.0.0.1", PGLITE_DATA_DIR: join(setRoot, "pglite"), INTERNAL_TOKEN_SECRET: GATEWAY_SECRET };
    const cwd = join(final.folder, posix.relative(need(final.root, "a WORKDIR in the runtime stage"), final.cwd));
    const started = Date.now();
    const service = startCmd(cmd.argv, cwd, env);
    try {
      await waitUntilListening(service, port);
      timings.push(["CMD: start and listen", Date.now() - started]);

      const health = await runHealthcheck(check.test.argv, check.options.timeout, cwd, env);
      expect(
        health.exitCode,
        `HEALTHCHECK (Dockerfile line ${check.line}) ${health.timedOut ? `timed out after ${health.timeoutMs} ms` : `exited with ${health.exitCode}`}; it printed:\n${health.output || "(nothing)"}\nservice output:\n${service.output().slice(-2000)}`,
      ).toBe(0);

      const route = `http://127.0.0.1:${port}/${options.apiVersion}/${options.name}`;
      // Served when it came through the gateway (its token), refused when it did not.
      const response = await fetch(route, { headers: { "x-internal-token": internalToken(GATEWAY_SECRET, { sub: "user-1" }) }, signal: AbortSignal.timeout(10_000) });
      expect(response.status, `GET ${route}: ${await response.clone().text()}\nservice output:\n${service.output().slice(-2000)}`).toBe(200);
      expect((await fetch(route, { signal: AbortSignal.timeout(10_000) })).status, `GET ${route} without the gateway's token`).toBe(401);

      const stopping = Date.now();
      service.child.kill("SIGTERM");
      // As docker stop does it: SIGTERM, then SIGKILL once its grace period is over. A service still running then
      // is killed, which the exit shows; how fast it stops is not this test's business.
      const exit = await Promise.race([service.closed, new Promise<"killed by docker stop">((resolve) => setTimeout(() => resolve("killed by docker stop"), STOP_GRACE_MS))]);
      timings.push(["CMD: SIGTERM to exit", Date.now() - stopping]);
      expect(exit, `after SIGTERM, within docker stop's ${STOP_GRACE_MS} ms grace (output:\n${service.output().slice(-2000)})`).toEqual({ code: 0, signal: null });
    } finally {
      await killIfRunning(service);
    }
  }, START_TIMEOUT + 60_000);
});
