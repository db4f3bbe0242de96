import { describe, expect, it } from "vitest";
import type { Ctx } from "../../../src/lint/model/context.js";
import { literalHostOf } from "../../../src/lint/model/literal-hosts.js";
import { ModuleResolver } from "../../../src/lint/model/resolve.js";
import type { Value, ValuePart } from "../../../src/lint/types.js";
import { facts, lintTree, service } from "../helpers.js";

/**
 * hardcoded-endpoint reports an address whose host the code writes: literalHostOf says whether it does, where the
 * host was written and whether it is only an env lookup's default. Values are built as the extractors write them.
 */

const text = (t: string): ValuePart => ({ kind: "text", text: t });
const envPart = (name: string, fallback?: Value): ValuePart => ({ kind: "env", name, ...(fallback ? { fallback } : {}) });
const value = (...parts: ValuePart[]): Value => ({ parts });

/** Only what literalHostOf reads of the model: the facts and module resolution of two files, as extracted. */
const files: Record<string, string> = {
  "src/endpoints.ts": `export const ORDERS_URL = "http://orders:3000";\nexport const CONFIG_HOST = "stock";\nexport const HOST_START = "ord";\n`,
  "src/client.ts": `import { ORDERS_URL } from "./endpoints";\n`,
};
const ctx = {
  facts: new Map(Object.entries(files).map(([file, code]) => [file, facts(code, file)])),
  resolver: new ModuleResolver({ files: new Set(Object.keys(files)), workspacePackages: {}, packageMains: {}, tsconfigs: [] }),
} as unknown as Ctx;
const host = (v: Value | undefined, opts: { file?: string; bare?: boolean; usedIn?: string } = {}) => literalHostOf(ctx, opts.file ?? "src/client.ts", v, opts.bare, opts.usedIn);

describe("[U] literalHostOf: a host the code writes", () => {
  it("a URL written whole: its host, the URL, origin code", () => {
    expect(host(value(text("http://orders:3000/api/v1")))).toEqual({ host: "orders", url: "http://orders:3000/api/v1", origin: "code" });
    expect(host(value(text("amqp://rabbit")))).toEqual({ host: "rabbit", url: "amqp://rabbit", origin: "code" });
  });

  it("the host ends at a port, path, query, fragment, list comma or blank", () => {
    for (const written of ["http://orders:3000", "http://orders/x", "http://orders?x=1", "http://orders#top", "mongodb://orders,m2/app", "http://orders rest"]) {
      expect(host(value(text(written)))?.host).toBe("orders");
    }
  });

  it("credentials are skipped and the password hidden", () => {
    expect(host(value(text("postgres://app:s3cret@db:5432/shop")))).toEqual({ host: "db", url: "postgres://app:***@db:5432/shop", origin: "code" });
    // The @ of a path is no credential.
    expect(host(value(text("http://orders/users/@me")))?.host).toBe("orders");
  });

  it("IPv6 in brackets; an unclosed bracket or an empty host is none", () => {
    expect(host(value(text("http://[::1]:3000/x")))?.host).toBe("[::1]");
    expect(host(value(text("http://[::1:3000/x")))).toBeUndefined();
    expect(host(value(text("http:///x")))).toBeUndefined();
  });

  it("characters no host name has: none", () => {
    expect(host(value(text("http://ord%20ers/x")))).toBeUndefined();
    expect(host(value(text("http://[zz]/x")))).toBeUndefined();
  });

  it("without a scheme: host:port (a gRPC target), or a host alone where the value is a host (bare)", () => {
    expect(host(value(text("orders:50051")))).toEqual({ host: "orders", url: "orders:50051", origin: "code" });
    expect(host(value(text("orders")))).toBeUndefined();
    expect(host(value(text("orders")), { bare: true })).toEqual({ host: "orders", url: "orders", origin: "code" });
    expect(host(value(text("/api/orders")))).toBeUndefined();
    expect(host(value(text("orders:http")))).toBeUndefined();
  });

  it("gRPC's dns: targets, with or without an authority", () => {
    expect(host(value(text("dns:///orders:50051")))?.host).toBe("orders");
    expect(host(value(text("dns://8.8.8.8/orders:50051")))?.host).toBe("orders");
    expect(host(value(text("dns:orders:50051")))?.host).toBe("orders");
    // dns: later in a URL is part of its path.
    expect(host(value(text("http://orders/dns:x")))?.host).toBe("orders");
  });

  it("an env lookup without a default is not written in code", () => {
    expect(host(value(envPart("ORDERS_URL")))).toBeUndefined();
    expect(host(value(text("http://"), envPart("ORDERS_HOST"), text(":3000")))).toBeUndefined();
    expect(host(undefined)).toBeUndefined();
  });

  it("pieces that are not the host do not matter: an env path, a parameter after it", () => {
    expect(host(value(text("http://orders:3000/"), envPart("ORDERS_PATH"), { kind: "unknown", hint: "id" }))).toEqual({ host: "orders", url: "http://orders:3000/${ORDERS_PATH}{id}", origin: "code" });
    expect(host(value(text("http://ord"), { kind: "unknown", hint: "suffix" }))).toBeUndefined();
  });

  it("the default of an env lookup: origin fallback, with the variable it is the default of", () => {
    expect(host(value(envPart("ORDERS_URL", value(text("http://orders:3000")))))).toEqual({ host: "orders", url: "http://orders:3000", origin: "fallback", env: "ORDERS_URL" });
    // Nested lookups: the outermost variable names it.
    const innerDefault = value(envPart("API_URL", value(text("http://orders"))));
    expect(host(value(envPart("ORDERS_URL", innerDefault)))?.env).toBe("ORDERS_URL");
    // A host partly written in code and partly a default is a default.
    expect(host(value(text("http://ord"), envPart("SUFFIX", value(text("ers:3000")))))?.origin).toBe("fallback");
  });

  it("the default a caller's option replaces (options.base ?? ...) is a default too; one without a default is not known", () => {
    expect(host(value({ kind: "unknown", hint: "options.base", fallback: value(text("http://orders:3000")) }))).toEqual({ host: "orders", url: "http://orders:3000", origin: "fallback", env: "options.base" });
    expect(host(value({ kind: "unknown", hint: "options.base" }, text("/x")))).toBeUndefined();
  });

  it("defaults are followed eight lookups deep, not further", () => {
    const nested = (depth: number): Value => {
      let v = value(text("http://orders:3000"));
      for (let i = depth - 1; i >= 0; i--) v = value(envPart(`URL_${i}`, v));
      return v;
    };
    expect(host(nested(8))).toEqual({ host: "orders", url: "http://orders:3000", origin: "fallback", env: "URL_0" });
    expect(host(nested(9))).toBeUndefined();
  });

  it("a constant imported from another module: written there", () => {
    const imported = value({ kind: "import", specifier: "./endpoints", name: "ORDERS_URL" }, text("/orders"));
    expect(host(imported)).toEqual({ host: "orders", url: "http://orders:3000/orders", origin: "code", writtenIn: "src/endpoints.ts" });
    expect(host(value({ kind: "import", specifier: "./endpoints", name: "CONFIG_HOST" }), { bare: true })).toEqual({ host: "stock", url: "stock", origin: "code", writtenIn: "src/endpoints.ts" });
    expect(host(value({ kind: "import", specifier: "./missing", name: "ORDERS_URL" }))).toBeUndefined();
  });

  it("writtenIn only when the host is written elsewhere than where it is used", () => {
    expect(host(value(text("http://orders")), { file: "src/endpoints.ts", usedIn: "src/client.ts" })).toEqual({ host: "orders", url: "http://orders", origin: "code", writtenIn: "src/endpoints.ts" });
    expect(host(value(text("http://orders")), { file: "src/endpoints.ts" })).toEqual({ host: "orders", url: "http://orders", origin: "code" });
  });

  it("only the pieces that make the host decide its origin: a default before it or after it does not", () => {
    expect(host(value(envPart("SCHEME", value(text("http://"))), text("orders:3000")))).toEqual({ host: "orders", url: "http://orders:3000", origin: "code" });
    expect(host(value(text("http://orders"), envPart("PORT", value(text(":3000")))))).toEqual({ host: "orders", url: "http://orders:3000", origin: "code" });
    expect(host(value(text("http://orders:"), envPart("PORT")))).toEqual({ host: "orders", url: "http://orders:${PORT}", origin: "code" });
  });

  it("a host made of two defaults is the first one's; of two files, the first one's", () => {
    expect(host(value(text("http://"), envPart("HOST_A", value(text("ord"))), envPart("HOST_B", value(text("ers"))), text(":3000")))).toEqual({ host: "orders", url: "http://orders:3000", origin: "fallback", env: "HOST_A" });
    expect(host(value(text("http://"), { kind: "import", specifier: "./endpoints", name: "HOST_START" }, text("ers:3000")))).toEqual({ host: "orders", url: "http://orders:3000", origin: "code", writtenIn: "src/endpoints.ts" });
  });

  it("an imported constant as an env lookup's default is a default, written in its module", () => {
    expect(host(value(envPart("ORDERS_URL", value({ kind: "import", specifier: "./endpoints", name: "ORDERS_URL" }))))).toEqual({ host: "orders", url: "http://orders:3000", origin: "fallback", env: "ORDERS_URL", writtenIn: "src/endpoints.ts" });
    // A caller's option inside an env lookup's default: the variable names it.
    expect(host(value(envPart("BASE", value({ kind: "unknown", hint: "options.base", fallback: value(text("http://orders")) }))))?.env).toBe("BASE");
  });

  it("an import that does not resolve shows as {name} in the URL and is no host", () => {
    expect(host(value(text("http://orders/"), { kind: "import", specifier: "./missing", name: "PATH" }))).toEqual({ host: "orders", url: "http://orders/{PATH}", origin: "code" });
  });

  it("imports and options' defaults are followed eight lookups deep too", () => {
    const wrap = (depth: number, inner: Value): Value => {
      let v = inner;
      for (let i = depth - 1; i >= 0; i--) v = value(envPart(`URL_${i}`, v));
      return v;
    };
    const imported = value({ kind: "import", specifier: "./endpoints", name: "ORDERS_URL" });
    expect(host(wrap(7, imported))?.host).toBe("orders");
    expect(host(wrap(8, imported))).toBeUndefined();
    const option = value({ kind: "unknown", hint: "options.base", fallback: value(text("http://orders")) });
    expect(host(wrap(7, option))?.host).toBe("orders");
    expect(host(wrap(8, option))).toBeUndefined();
  });

  it("an empty user part and upper-case IPv6 digits", () => {
    expect(host(value(text("http://@orders/x")))?.host).toBe("orders");
    expect(host(value(text("http://[FE80::1]:3000/x")))?.host).toBe("[FE80::1]");
    expect(host(value(text("http://orders.shop-1_x:3000")))?.host).toBe("orders.shop-1_x");
  });

  it("configuration files are not code", () => {
    for (const file of ["config/default.json", "config/prod.JSON5", "settings.yaml", "app.yml", "app.toml", "app.ini", "deploy/.env"]) {
      expect(host(value(text("http://orders:3000")), { file })).toBeUndefined();
    }
    expect(host(value(text("http://orders:3000")), { file: "src/config.json.ts" })?.host).toBe("orders");
  });
});

describe("[U] a gRPC dns: target written in code is a hardcoded endpoint", () => {
  const grpcService = (name: string, client: string) =>
    service(`services/${name}`, ["@grpc/grpc-js", "@grpc/proto-loader"], {
      "src/server.js": `const grpc = require("@grpc/grpc-js");\nconst protoLoader = require("@grpc/proto-loader");\nconst shop = grpc.loadPackageDefinition(protoLoader.loadSync(__dirname + "/shop.proto")).shop;\n${client}const server = new grpc.Server();\nserver.bindAsync("0.0.0.0:50051", grpc.ServerCredentials.createInsecure(), () => server.start());\n`,
    });
  it("dns:///payment:50051 names payment (it was missed), dns://8.8.8.8/payment:50051 names payment, not the DNS server", () => {
    for (const target of ["dns:///payment:50051", "dns://8.8.8.8/payment:50051"]) {
      const { findings } = lintTree(
        { ...grpcService("checkout", `const payments = new shop.PaymentService("${target}", grpc.credentials.createInsecure());\npayments.charge({ amount: 1 }, () => {});\n`), ...grpcService("payment", "") },
        { only: "hardcoded-endpoint" },
      );
      expect(findings.map((finding) => ({ line: finding.location.line, host: finding.data?.host }))).toEqual([{ line: 5, host: "payment" }]);
    }
  });
});
