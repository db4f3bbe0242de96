import { describe, expect, it } from "vitest";
import { placeMoleculerServices } from "../../../src/lint/model/moleculer-services.js";
import type { FileFacts, ServiceInfo } from "../../../src/lint/types.js";

/**
 * placeMoleculerServices (model/moleculer-services.ts) on services and facts written by hand: which service files each
 * deployment of one package runs (its SERVICES variable), and the moleculer.config.js each of them loads.
 */

const deployment = (name: string, root: string, env: Record<string, string>, extra: Partial<ServiceInfo> = {}): ServiceInfo =>
  ({ name, root, sources: [], hosts: [name], ports: [], env, location: { file: "docker-compose.yml", line: 1, column: 1 }, ...extra }) as ServiceInfo;
const schemas = (...names: string[]): FileFacts["moleculer"] => ({ services: names.map((name) => ({ name, actions: [], events: [], location: { file: "", line: 1, column: 1 } })), calls: [], emits: [], brokers: [] });
const factsOf = (files: Record<string, string[] | null>): Map<string, FileFacts> =>
  new Map(Object.entries(files).map(([file, names]) => [file, { file, ...(names ? { moleculer: schemas(...names) } : {}) } as FileFacts]));
const placed = (services: ServiceInfo[], facts: Map<string, FileFacts>) => placeMoleculerServices(services, facts).map((s) => `${s.name}: ${(s.ownedFiles ?? ["-"]).join(",")} | ${(s.loads ?? ["-"]).join(",")}`);

const SHOP = factsOf({
  "shop/services/api.service.js": ["api"],
  "shop/services/users.service.ts": ["users"],
  "shop/services/people.js": ["people"],
  "shop/services/legacy.service.mjs": ["legacy"],
  "shop/services/users.js": ["accounts"],
  "shop/moleculer.config.js": null,
  "shop/node_modules/moleculer/moleculer.config.js": null,
  "shop/mixins/db.mixin.js": null,
  "shopfront/services/api.service.js": ["api"],
  "shopfront/moleculer.config.ts": null,
});

describe("[U] deployments of one Moleculer package (model/moleculer-services.ts)", () => {
  it("each deployment owns the files its SERVICES names (a file name, a path with its extension, a schema's name), and loads the package's moleculer.config", () => {
    const services = [
      deployment("api", "shop", { SERVICES: "api" }),
      deployment("users", "shop", { SERVICES: " services/users.service.ts , ,people" }),
      deployment("old", "shop", { SERVICES: "legacy.service.mjs" }),
      deployment("ghost", "shop", { SERVICES: "nothing" }),
      // Another package's deployment that runs all of its services changes nothing here.
      deployment("front", "shopfront", {}),
    ];
    expect(placed(services, SHOP)).toEqual([
      "api: shop/services/api.service.js | shop/moleculer.config.js",
      "users: shop/services/people.js,shop/services/users.service.ts | shop/moleculer.config.js",
      "old: shop/services/legacy.service.mjs | shop/moleculer.config.js",
      "ghost: - | -",
      "front: - | -",
    ]);
  });

  it("a name matches a file named <name>.service.<ext> before any schema of that name, and only such a file", () => {
    const facts = factsOf({
      "services/users.js": ["users"],
      "services/users.service.js": ["people"],
      "services/orders.js": ["orders"],
      "services/orders.service.jsx": ["other"],
      "services/bundle.js": ["mail", "sms"],
    });
    const services = [deployment("a", "", { SERVICES: "users.service" }), deployment("b", "", { SERVICES: "orders" }), deployment("c", "", { SERVICES: "sms" })];
    expect(placed(services, facts)).toEqual(["a: services/users.service.js | -", "b: services/orders.js | -", "c: services/bundle.js | -"]);
  });

  it("the package at the root: every file is its own, node_modules' config files are not", () => {
    const facts = factsOf({ "services/api.service.js": ["api"], "services/mail.service.js": ["mail"], "moleculer.config.js": null, "node_modules/x/moleculer.config.js": null, "lib/moleculer.config.cjs": null });
    expect(placed([deployment("api", "", { SERVICES: "api" }), deployment("mail", "", { SERVICES: "mail" })], facts)).toEqual([
      "api: services/api.service.js | moleculer.config.js,lib/moleculer.config.cjs",
      "mail: services/mail.service.js | moleculer.config.js,lib/moleculer.config.cjs",
    ]);
  });

  it("left as they are: one deployment of a folder, a folder another deployment runs whole (no SERVICES), services in another language or with an entry file", () => {
    const alone = [deployment("api", "shop", { SERVICES: "api" })];
    expect(placed(alone, SHOP)).toEqual(["api: - | -"]);
    const whole = [deployment("api", "shop", { SERVICES: "api" }), deployment("users", "shop", { SERVICES: "users" }), deployment("all", "shop", {})];
    expect(placed(whole, SHOP)).toEqual(["api: - | -", "users: - | -", "all: - | -"]);
    const go = [deployment("api", "shop", { SERVICES: "api" }), deployment("users", "shop", { SERVICES: "users" }, { language: "go" })];
    expect(placed(go, SHOP)).toEqual(["api: - | -", "users: - | -"]);
    const entry = [deployment("api", "shop", { SERVICES: "api" }), deployment("users", "shop", { SERVICES: "users" }, { entry: "shop/index.js" })];
    expect(placed(entry, SHOP)).toEqual(["api: - | -", "users: - | -"]);
    // Nothing placed: the same list, a new array.
    const list = [deployment("a", "x", { SERVICES: "a" }), deployment("b", "x", { SERVICES: "b" })];
    const result = placeMoleculerServices(list, SHOP);
    expect(result).toEqual(list);
    expect(result).not.toBe(list);
  });
});
