import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/**
 * A helper whose URL comes from its parameters (`get(url)`, `fetch(\`http://${host}/x\`)`): the call records which
 * parameter, so the model resolves the URL at each call site from the argument passed there (model/calls.ts,
 * model/argument-calls.ts).
 */

const params = (code: string) => facts(code).calls.map((c) => ({ hostParam: c.hostParam, urlParam: c.urlParam, paramParts: c.paramParts }));

describe("[U] the parameters a call's URL is built from", () => {
  it("a URL that is a parameter as it stands: its host and its start are that parameter", () => {
    expect(params(`export function get(options, url) {\n  return fetch(url, options);\n}\n`)).toEqual([{ hostParam: 1, urlParam: 1, paramParts: undefined }]);
  });

  it("in a function inside another, the parameters are the innermost function's", () => {
    expect(params(`export function client(service) {\n  return function call(path, host) {\n    return fetch(\`http://\${host}/v1/\${path}\`);\n  };\n}\n`)).toEqual([{ hostParam: 1, urlParam: undefined, paramParts: { 3: 0 } }]);
  });

  it("a field of a class declared inside a function: the URL comes from the function's parameter", () => {
    expect(params(`export function watcher(host) {\n  return class Watcher {\n    ready = fetch(\`http://\${host}/health\`);\n  };\n}\n`)).toEqual([{ hostParam: 0, urlParam: undefined, paramParts: undefined }]);
  });

  it("only an unknown part where the host goes gives the host; a later part is a parameter only as it stands", () => {
    expect(
      params(
        [
          `export function byHost(host, path) {`,
          `  return fetch(\`http://\${host}/v1/\${encodeURIComponent(path)}\`);`,
          `}`,
          `export function byId(id) {`,
          `  return fetch(\`\${process.env.ORDERS_URL}/v1/orders/\${encodeURIComponent(id)}\`);`,
          `}`,
          `export function byPath(path) {`,
          `  return fetch(\`\${config.base}\${path}\`);`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual([
      { hostParam: 0, urlParam: undefined, paramParts: undefined },
      { hostParam: undefined, urlParam: undefined, paramParts: undefined },
      { hostParam: undefined, urlParam: undefined, paramParts: { 1: 0 } },
    ]);
  });

  it("the host's parameter is the one its expression names as a whole identifier, not one whose name is inside another", () => {
    expect(
      params(
        [
          `export function viaRegion(region, regionHost) {`,
          `  return fetch(\`https://\${regionHost}/v1/prices\`, { headers: { region } });`,
          `}`,
          `export function viaProxy(host, proxyhost) {`,
          `  return fetch(\`http://\${proxyhost}/v1/prices\`, { headers: { host } });`,
          `}`,
          `export async function viaLookup(region, name) {`,
          `  return fetch(\`\${await lookup(name)}/v1/prices\`);`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual([
      { hostParam: 1, urlParam: undefined, paramParts: undefined },
      { hostParam: 1, urlParam: undefined, paramParts: undefined },
      { hostParam: 1, urlParam: undefined, paramParts: undefined },
    ]);
  });

  it("a URL that starts with a parameter of an outer function does not start with one of the call's own function", () => {
    expect(params(`export function client(base) {\n  return function get(path) {\n    return fetch(base + path);\n  };\n}\n`).map((p) => p.urlParam)).toEqual([undefined]);
  });
});

