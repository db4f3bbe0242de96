import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/** Which `fetch` is the platform's: the global one, also reached through globalThis, window or self, unless the file binds the name itself. */

const calls = (code: string) => facts(code).calls.map((c) => `${c.client} ${c.method}`);

describe("[U] the global fetch", () => {
  it("globalThis.fetch, window.fetch and self.fetch are the global fetch; another member of globalThis is not", () => {
    expect(
      calls(
        [
          `export async function f() {`,
          `  await globalThis.fetch("http://stock:8080/v1/levels");`,
          `  await window.fetch("http://stock:8080/v1/items", { method: "POST" });`,
          `  await self.fetch("http://stock:8080/v1/prices");`,
          `  await globalThis.request("http://stock:8080/v1/other");`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["fetch GET", "fetch POST", "fetch GET"]);
  });

  it("an object whose name only starts or ends like one of those (a global of another script), or a module-level self of the file's own, is not", () => {
    expect(
      calls(
        [
          `const self = createStore();`,
          `export async function f() {`,
          `  await subwindow.fetch("http://stock:8080/v1/levels");`,
          `  await windowCache.fetch("http://stock:8080/v1/items");`,
          `  await self.fetch("http://stock:8080/v1/prices");`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual([]);
  });
});

