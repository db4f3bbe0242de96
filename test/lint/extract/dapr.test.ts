import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/** What a file says about Dapr service invocation: the app id of a `dapr-app-id` header, the SDK's `invoker.invoke`. */

const text = (v: { parts: { kind: string; text?: string; hint?: string }[] } | undefined) => v?.parts.map((p) => (p.kind === "text" ? p.text : `{${p.hint ?? p.kind}}`)).join("");

describe("[U] Dapr invocation facts", () => {
  it("the dapr-app-id header of an options object written at the call or bound before it", () => {
    const f = facts(
      [
        `import axios from "axios";`,
        `const sidecar = "http://localhost:3500";`,
        `export async function close(id) {`,
        `  const config = { headers: { "dapr-app-id": "basket", "content-type": "application/json" } };`,
        `  await axios.post(\`\${sidecar}/v1/baskets/\${id}/close\`, {}, config);`,
        `  await fetch(\`\${sidecar}/v1/holds\`, { method: "POST", headers: { "dapr-app-id": "inventory" } });`,
        `  await fetch(\`\${sidecar}/v1/plain\`);`,
        `}`,
      ].join("\n"),
    );
    expect(f.calls.map((c) => [c.client, c.method, text(c.daprAppId)])).toEqual([
      ["axios", "POST", "basket"],
      ["fetch", "POST", "inventory"],
      ["fetch", "GET", undefined],
    ]);
  });

  it("a file that never names the header keeps its calls as they are", () => {
    const f = facts(`import axios from "axios";\nexport const get = () => axios.get("http://localhost:3500/v1/x", { headers: { "x-app": "basket" } });\n`);
    expect(f.calls.map((c) => c.daprAppId)).toEqual([undefined]);
  });

  it("the SDK's invoker.invoke is a call to the sidecar's invoke URL, with its verb (GET when none)", () => {
    const f = facts(
      [
        `import { DaprClient, HttpMethod } from "@dapr/dapr";`,
        `const client = new DaprClient({ daprHost: "127.0.0.1", daprPort: "3500" });`,
        `export async function run(id) {`,
        `  await client.invoker.invoke("basket", \`v1/baskets/\${id}\`, HttpMethod.DELETE);`,
        `  await client.invoker.invoke("stock", "/v1/levels");`,
        `  await client.other.invoke("stock", "/v1/levels");`,
        `}`,
      ].join("\n"),
    );
    expect(f.calls.map((c) => [c.client, c.method, text(c.url), c.inFunction !== undefined, c.awaited])).toEqual([
      ["dapr", "DELETE", "/v1.0/invoke/basket/method/v1/baskets/{id}", true, true],
      ["dapr", "GET", "/v1.0/invoke/stock/method/v1/levels", true, true],
    ]);
  });

  it("invoker.invoke in a file that does not import the SDK is not read", () => {
    expect(facts(`export const run = (client) => client.invoker.invoke("basket", "v1/x");\n`).calls).toEqual([]);
  });
});
