import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";
import type { Value } from "../../../src/lint/types.js";

/**
 * A call to the Dapr sidecar's publish API (`POST <sidecar>/v1.0/publish/<pubsub>/<topic>`) publishes <topic> on the
 * broker the pub/sub component names: the extractor records it as a produced topic besides the HTTP call itself.
 */

const show = (value: Value): string => value.parts.map((p) => (p.kind === "text" ? p.text : p.kind === "env" ? `\${env:${p.name}}` : "{?}")).join("");
const published = (code: string) =>
  facts(code)
    .topics.filter((t) => t.system === "dapr")
    .map((t) => `${t.role} ${show(t.topic)}`);

describe("[U] Dapr publish through the sidecar's HTTP API", () => {
  it("the topic is what follows the pub/sub component's name, without its query string", () => {
    expect(
      published(
        [
          `export async function place(order) {`,
          `  await fetch("http://localhost:3500/v1.0/publish/orders-pubsub/order-placed?metadata.ttlInSeconds=60", { method: "POST", body: JSON.stringify(order) });`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["produce order-placed"]);
  });

  it("a sidecar address and a component name known at run time: the topic after them is still read", () => {
    expect(
      published(
        [
          `const sidecar = process.env.DAPR_HTTP_ENDPOINT;`,
          `const pubsub = process.env.PUBSUB_NAME;`,
          `export async function ship(id) {`,
          `  await fetch(\`\${sidecar}/v1.0/publish/\${pubsub}/parcel-shipped\`, { method: "POST" });`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["produce parcel-shipped"]);
  });

  it("a component name partly known (`orders-${env}`): the topic starts after the next slash", () => {
    expect(published(`export async function f(stage) {\n  await fetch(\`http://localhost:3500/v1.0/publish/orders-\${stage}/order-paid\`, { method: "POST" });\n}\n`)).toEqual(["produce order-paid"]);
  });

  it("a topic known only at run time stays one unknown part", () => {
    const f = facts(`export async function f(topic) {\n  await fetch(\`http://localhost:3500/v1.0/publish/bus/\${topic}\`, { method: "POST" });\n}\n`);
    expect(f.topics.map((t) => t.topic.parts.map((p) => p.kind))).toEqual([["unknown"]]);
  });

  it("a publish URL that names no topic, and the file's other calls, publish nothing", () => {
    const f = facts(
      [
        `export async function f(body) {`,
        `  await fetch("http://localhost:3500/v1.0/publish/orders-pubsub", { method: "POST", body });`,
        `  await fetch(\`\${process.env.STOCK_URL}/v1/levels\`);`,
        `  await fetch("http://localhost:3500/v1.0/state/statestore");`,
        `}`,
      ].join("\n"),
    );
    expect(f.topics).toEqual([]);
    // The calls themselves are still calls.
    expect(f.calls.map((c) => `${c.method} ${show(c.url)}`)).toEqual(["POST http://localhost:3500/v1.0/publish/orders-pubsub", "GET ${env:STOCK_URL}/v1/levels", "GET http://localhost:3500/v1.0/state/statestore"]);
  });
});

describe("[U] Dapr publish through the SDK", () => {
  it("client.pubsub.publish(component, topic, data) publishes the topic; a publish on another member of the client is not Dapr's", () => {
    expect(published(`import { DaprClient } from "@dapr/dapr";\nconst client = new DaprClient();\nexport async function placed(order) {\n  await client.pubsub.publish("orders-pubsub", "order-placed", order);\n  await client.audit.publish("orders-pubsub", "order-audited", order);\n}\n`)).toEqual(["produce order-placed"]);
  });
});
