import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inCi, requireServer, stopServers, type SkippableContext } from "./servers.js";

/**
 * In CI a test whose server cannot start must fail, never skip: whatever value the CI service
 * gives `CI` (GitHub and GitLab say `true`, others `1` or `yes`). The server here cannot start
 * for real: scripts/postgres.sh is pointed at a PG_BINDIR with no pg_ctl and at a state folder of
 * its own, so that no server already running on this machine is reused.
 */

class Skipped extends Error {}
const context: SkippableContext = {
  skip: (note?: string): never => {
    throw new Skipped(note);
  },
};

describe("requireServer when the server cannot start", () => {
  const saved = { CI: process.env.CI, PG_BINDIR: process.env.PG_BINDIR, SERVERS_STATE_DIR: process.env.SERVERS_STATE_DIR };
  const state = mkdtempSync(join(tmpdir(), "create-service-servers-"));

  beforeAll(() => {
    process.env.PG_BINDIR = join(state, "no-postgres-here");
    process.env.SERVERS_STATE_DIR = state;
  });
  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await stopServers();
    rmSync(state, { recursive: true, force: true });
  });

  it.each(["true", "1", "yes", "TRUE", "woodpecker"])("fails the test in CI (CI=%s), with the script's error", async (value) => {
    process.env.CI = value;
    const outcome = await requireServer("postgres", context).then(
      () => "started",
      (error: unknown) => error,
    );
    expect(outcome).not.toBeInstanceOf(Skipped);
    expect(String(outcome)).toMatch(/scripts\/postgres\.sh start failed .*PG_BINDIR=.* has no pg_ctl/);
  }, 60_000);

  it.each([["unset", undefined], ["empty", ""], ["=0", "0"], ["=false", "false"], ["=no", "no"], ["=off", "Off"]])("skips it outside CI (CI %s), naming the script to run", async (_what, value) => {
    if (value === undefined) delete process.env.CI;
    else process.env.CI = value;
    const outcome = await requireServer("postgres", context).then(
      () => "started",
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(Skipped);
    expect((outcome as Error).message).toMatch(/^needs a real postgres server: run `scripts\/postgres\.sh start`/);
  }, 60_000);
});

describe("inCi", () => {
  it("is true for any true value of CI, false for an unset or empty one and the explicit no's", () => {
    for (const value of ["true", "1", "yes", "True", "on", "gitlab"]) expect(inCi({ CI: value }), value).toBe(true);
    for (const value of ["", " ", "0", "false", "FALSE", "no", "off"]) expect(inCi({ CI: value }), value).toBe(false);
    expect(inCi({})).toBe(false);
  });
});
