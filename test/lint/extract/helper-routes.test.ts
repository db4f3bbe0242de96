import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";
import type { FileFacts } from "../../../src/lint/types.js";

const routesOf = (f: FileFacts) => f.routes.map((r) => `${r.framework} ${r.method} ${r.path} L${r.location.line} ${r.handler ?? r.handlerRef?.name ?? "-"}`);

describe("[U] routes a local helper registers for each of its calls", () => {
  it("hapi: server.route({ method, path, handler }) in a helper whose method and path are its parameters", () => {
    const f = facts(
      [
        `const Hapi = require("hapi");`,
        `const server = new Hapi.Server();`,
        `function forward(topic) { return function (request, reply) { reply(topic); }; }`,
        `function expose(method, path, topic) {`,
        `  server.route({ method: method, path: path, handler: forward(topic) });`,
        `}`,
        `expose("GET", "/parcels", "parcels.list");`,
        `expose("post", "/parcels/{id}/scan", "parcels.scan");`,
        `server.route({ method: "GET", path: "/about", handler: (request, reply) => reply("ok") });`,
      ].join("\n"),
    );
    expect(routesOf(f)).toEqual(["hapi GET /parcels L7 forward", "hapi POST /parcels/{id}/scan L8 forward", "hapi GET /about L9 fn@L9C56"]);
  });

  it("express: app.get(path, h) and app[verb](path, h) in a helper, each call a route at the call with the handler it passes", () => {
    const f = facts(
      [
        `const express = require("express");`,
        `const app = express();`,
        `function add(path, handler) { app.get(path, handler); }`,
        `const on = (verb, path, handler) => app[verb.toLowerCase()](path, handler);`,
        `add("/shipments", (req, res) => res.json([]));`,
        `on("DELETE", "/shipments/:id", removeShipment);`,
        `on("FETCH", "/nope", removeShipment);`,
        `function removeShipment(req, res) {}`,
        `app.listen(3000);`,
      ].join("\n"),
    );
    expect(routesOf(f)).toEqual(["express GET /shipments L5 fn@L5C19", "express DELETE /shipments/:id L6 removeShipment"]);
  });

  it("TypeScript: the helper's verb read through a cast or a non-null assertion is still its parameter", () => {
    const f = facts(
      [
        `import express from "express";`,
        `const router = express.Router();`,
        `const on = (verb: string, path: string, handler) => router[(verb as "get" | "post")!](path, handler);`,
        `on("post", "/v1/parcels", createParcel);`,
        `function createParcel(req, res) {}`,
      ].join("\n"),
      "src/routes.ts",
    );
    expect(routesOf(f)).toEqual(["express POST /v1/parcels L4 createParcel"]);
  });

  it("a helper nobody in the file calls, or called with something that is no path, adds no route; neither does an HTTP client's helper", () => {
    const f = facts(
      [
        `const express = require("express");`,
        `const axios = require("axios");`,
        `const app = express();`,
        `const api = axios.create({ baseURL: "http://rates:3000" });`,
        `export function mount(path, handler) { app.post(path, handler); }`,
        `function add(path, handler) { app.get(path, handler); }`,
        `add(process.argv[2], (req, res) => res.end());`,
        `function fetchRate(path) { return api.get(path, { timeout: 500 }); }`,
        `fetchRate("/v1/rates");`,
      ].join("\n"),
    );
    expect(routesOf(f)).toEqual([]);
  });
});
