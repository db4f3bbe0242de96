import { afterEach, describe, expect, it } from "vitest";
import { findChromium, requireChromium } from "./chromium.js";
import type { SkippableContext } from "./servers.js";

/** In CI the browser tests must fail without Chromium, never skip; elsewhere they skip naming the fix. */

class Skipped extends Error {}
const context: SkippableContext = {
  skip: (note?: string): never => {
    throw new Skipped(note);
  },
};

describe("requireChromium when there is no Chromium", () => {
  const saved = { CI: process.env.CI, CHROMIUM_PATH: process.env.CHROMIUM_PATH };
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it("CHROMIUM_PATH names the browser; one that does not exist is no browser", () => {
    expect(findChromium({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
    expect(findChromium({ CHROMIUM_PATH: "/nonexistent/chromium" })).toBeUndefined();
  });

  it("in CI: fails, naming the package to install", () => {
    process.env.CHROMIUM_PATH = "/nonexistent/chromium";
    process.env.CI = "true";
    let thrown: unknown;
    try {
      requireChromium(context);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(Skipped);
    expect((thrown as Error).message).toBe("needs Chromium: apt-get install chromium (.ci/run does it), or set CHROMIUM_PATH (/nonexistent/chromium does not exist)");
  });

  it("elsewhere: skips with the same note", () => {
    process.env.CHROMIUM_PATH = "/nonexistent/chromium";
    process.env.CI = "";
    expect(() => requireChromium(context)).toThrow(Skipped);
  });
});
