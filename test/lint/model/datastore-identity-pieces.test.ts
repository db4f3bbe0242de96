import { describe, expect, it } from "vitest";
import { canonicalHost, datastoreIdentity, defaultDatabase, joinReplicaSets, parseConnectionUrl } from "../../../src/lint/model/datastore-identity.js";

/**
 * The pieces of a datastore identity, one by one: shared-database reports two services on one identity, so a piece
 * that is lost splits one database in two (a missed finding) and a piece that is dropped joins two (a false one).
 */

describe("[U] parseConnectionUrl: each piece of a URL", () => {
  it("every scheme of an engine: mariadb is MySQL, rediss is Redis, sqlserver and mssql are SQL Server; others are unknown", () => {
    expect(parseConnectionUrl("mariadb://db/shop")?.engine).toBe("mysql");
    expect(parseConnectionUrl("MySQL://db/shop")?.engine).toBe("mysql");
    expect(parseConnectionUrl("rediss://cache:6380")?.engine).toBe("redis");
    expect(parseConnectionUrl("mssql://sql/billing")?.engine).toBe("mssql");
    expect(parseConnectionUrl("sqlserver://sql/billing")?.engine).toBe("mssql");
    expect(parseConnectionUrl("amqp://rabbit:5672/vhost")).toEqual({ engine: "unknown", host: "rabbit", port: "5672", hosts: [{ host: "rabbit", port: "5672" }], database: "vhost" });
  });

  it("surrounding blanks and an upper-case JDBC: prefix are not part of the URL", () => {
    expect(parseConnectionUrl("  JDBC:postgresql://db:5432/shop \n")).toEqual({ engine: "postgres", host: "db", port: "5432", hosts: [{ host: "db", port: "5432" }], database: "shop" });
  });

  it("only a leading jdbc: is JDBC's", () => {
    expect(parseConnectionUrl("postgres://db/jdbc:shop")?.database).toBe("jdbc:shop");
  });

  it("what is not a URL: no scheme, no //, a scheme that starts with a digit", () => {
    expect(parseConnectionUrl("db:5432/shop")).toBeUndefined();
    expect(parseConnectionUrl("postgres:/db/shop")).toBeUndefined();
    expect(parseConnectionUrl("9p://db/shop")).toBeUndefined();
    expect(parseConnectionUrl("")).toBeUndefined();
  });

  it("the user is the part before the password, decoded; a password alone names no user", () => {
    expect(parseConnectionUrl("postgres://app%40shop:p%3Ass@db/shop")?.user).toBe("app@shop");
    expect(parseConnectionUrl("redis://:secret@cache:6379")).toEqual({ engine: "redis", host: "cache", port: "6379", hosts: [{ host: "cache", port: "6379" }] });
    expect(parseConnectionUrl("postgres://@db/shop")).not.toHaveProperty("user");
  });

  it("empty members of a host list are dropped; a URL with no host has an empty one and no hosts", () => {
    expect(parseConnectionUrl("mongodb://m1, ,m2:27018,/app")?.hosts).toEqual([{ host: "m1" }, { host: "m2", port: "27018" }]);
    expect(parseConnectionUrl("postgres:///shop")).toEqual({ engine: "postgres", host: "", hosts: [], database: "shop" });
  });

  it("a port: after the last colon, absent when empty; IPv6 in brackets with or without one", () => {
    expect(parseConnectionUrl("postgres://db:/shop")?.hosts).toEqual([{ host: "db" }]);
    expect(parseConnectionUrl("postgres://[fe80::1]/shop")?.hosts).toEqual([{ host: "[fe80::1]" }]);
    expect(parseConnectionUrl("postgres://[fe80::1]:6432/shop")).toMatchObject({ host: "[fe80::1]", port: "6432" });
    // An unclosed bracket is kept whole as the host.
    expect(parseConnectionUrl("postgres://[fe80::1/shop")?.hosts).toEqual([{ host: "[fe80::1" }]);
    // A leading colon is no port separator.
    expect(parseConnectionUrl("postgres://:5432/shop")?.hosts).toEqual([{ host: ":5432" }]);
  });

  it("the database: an empty path names none; then databaseName=, database=, and for Redis only db=", () => {
    expect(parseConnectionUrl("postgres://db/")).not.toHaveProperty("database");
    expect(parseConnectionUrl("postgres://db/?database=orders")?.database).toBe("orders");
    expect(parseConnectionUrl("jdbc:sqlserver://sql;DatabaseName=Billing;database=other")?.database).toBe("Billing");
    expect(parseConnectionUrl("mysql://db?db=2")).not.toHaveProperty("database");
    expect(parseConnectionUrl("redis://cache?db=4")?.database).toBe("4");
    // The path wins over the options; escapes in both are decoded.
    expect(parseConnectionUrl("postgres://db/sh%6Fp?database=other")?.database).toBe("shop");
    expect(parseConnectionUrl("postgres://db?database=my%20db")?.database).toBe("my db");
  });

  it("options: keys in any case, pairs with no key or no = are skipped, a malformed escape is kept", () => {
    expect(parseConnectionUrl("postgres://db?=orders&database&DATABASE=a%zz")?.database).toBe("a%zz");
    expect(parseConnectionUrl("postgres://db?database=")).not.toHaveProperty("database");
  });

  it("a PostgreSQL schema, lower-cased, from ?schema= before ?currentSchema=; none for public or other engines", () => {
    expect(parseConnectionUrl("postgres://db/app?currentSchema=Billing&schema=Orders")?.schema).toBe("orders");
    expect(parseConnectionUrl("postgres://db/app?currentSchema=Billing")?.schema).toBe("billing");
    expect(parseConnectionUrl("postgres://db/app?schema=PUBLIC")).not.toHaveProperty("schema");
    expect(parseConnectionUrl("mysql://db/app?schema=orders")).not.toHaveProperty("schema");
  });

  it("a fragment is not part of the database or the options", () => {
    expect(parseConnectionUrl("postgres://db/shop#main")?.database).toBe("shop");
    expect(parseConnectionUrl("postgres://db?database=orders#x")?.database).toBe("orders");
    expect(parseConnectionUrl("postgres://db#x/other")).toEqual({ engine: "postgres", host: "db", hosts: [{ host: "db" }] });
  });

  it("a user with no password, and an @ in the password", () => {
    expect(parseConnectionUrl("mongodb://reader@mongo/app")?.user).toBe("reader");
    expect(parseConnectionUrl("postgres://app:p%40ss@db/shop")).toMatchObject({ user: "app", host: "db", database: "shop" });
  });

  it("only mongodb+srv is a seed list", () => {
    expect(parseConnectionUrl("mongodb://cluster0.example.net/app")).not.toHaveProperty("srv");
  });
});

describe("[U] defaultDatabase: what a driver connects to when the URL names no database", () => {
  it("PostgreSQL: the user's database, else postgres; MongoDB: test; Redis: 0; a search server: the whole server", () => {
    expect(defaultDatabase("postgres", "orders")).toBe("orders");
    expect(defaultDatabase("postgres", undefined)).toBe("postgres");
    expect(defaultDatabase("postgres", "")).toBe("postgres");
    expect(defaultDatabase("mongodb", "orders")).toBe("test");
    expect(defaultDatabase("redis", undefined)).toBe("0");
    expect(defaultDatabase("elasticsearch", undefined)).toBe("");
    expect(defaultDatabase("opensearch", undefined)).toBe("");
  });
  it("MySQL and SQL Server have no default: the identity stays unknown", () => {
    expect(defaultDatabase("mysql", "root")).toBeUndefined();
    expect(defaultDatabase("mssql", "sa")).toBeUndefined();
  });
});

describe("[U] canonicalHost", () => {
  it("blanks and a trailing dot are not part of the name", () => {
    expect(canonicalHost("  Orders-DB.  ")).toBe("orders-db");
    expect(canonicalHost("localhost.")).toBe("localhost");
  });
  it("only a name.namespace.svc[.cluster.local] is a Kubernetes Service name", () => {
    expect(canonicalHost("db.svc")).toBe("db.svc");
    expect(canonicalHost("db.a.b.svc")).toBe("db.a.b.svc");
    expect(canonicalHost("db.shop.svc.cluster.local.example.com")).toBe("db.shop.svc.cluster.local.example.com");
    expect(canonicalHost("db.shop.svc.cluster")).toBe("db.shop.svc.cluster");
    expect(canonicalHost("x.db.shop.svc")).toBe("x.db.shop.svc");
  });
  it("other local-looking names are their own", () => {
    expect(canonicalHost("127.0.0.2")).toBe("127.0.0.2");
    expect(canonicalHost("my-localhost")).toBe("my-localhost");
  });
});

describe("[U] datastoreIdentity", () => {
  it("engine://host:port/database with the engine's default port, the database lower-cased", () => {
    expect(datastoreIdentity("postgres", [{ host: "DB" }], "Shop")).toBe("postgres://db:5432/shop");
    expect(datastoreIdentity("mysql", [{ host: "db" }], "shop")).toBe("mysql://db:3306/shop");
    expect(datastoreIdentity("mssql", [{ host: "sql" }], "billing")).toBe("mssql://sql:1433/billing");
    expect(datastoreIdentity("redis", [{ host: "cache", port: "6380" }], "0")).toBe("redis://cache:6380/0");
  });

  it("an engine with no default port keeps the host alone", () => {
    expect(datastoreIdentity("unknown", [{ host: "db" }], "shop")).toBe("unknown://db/shop");
  });

  it("a search server is reached whole (its identity has an empty database); other engines need a database", () => {
    expect(datastoreIdentity("elasticsearch", [{ host: "search" }], "")).toBe("elasticsearch://search:9200/");
    expect(datastoreIdentity("opensearch", [{ host: "search", port: "9201" }], "")).toBe("opensearch://search:9201/");
    expect(datastoreIdentity("postgres", [{ host: "db" }], "")).toBeUndefined();
    expect(datastoreIdentity("elasticsearch", [{ host: "search" }], undefined)).toBeUndefined();
  });

  it("a seed list has no port, even one written, and a scheme of its own", () => {
    expect(datastoreIdentity("mongodb", [{ host: "Cluster0.example.net", port: "27017" }], "app", { srv: true })).toBe("mongodb+srv://cluster0.example.net/app");
  });

  it("a schema other than public is part of the identity, lower-cased", () => {
    expect(datastoreIdentity("postgres", [{ host: "db" }], "app", { schema: "Orders" })).toBe("postgres://db:5432/app?schema=orders");
    expect(datastoreIdentity("postgres", [{ host: "db" }], "app", { schema: "Public" })).toBe("postgres://db:5432/app");
    expect(datastoreIdentity("postgres", [{ host: "db" }], "app", { schema: "" })).toBe("postgres://db:5432/app");
  });

  it("one host written twice is listed once; hosts are sorted", () => {
    expect(datastoreIdentity("mongodb", [{ host: "m2" }, { host: "M1", port: "27017" }, { host: "m1" }], "app")).toBe("mongodb://m1:27017,m2:27017/app");
  });

  it("the resolver is given the canonical host and the default port, and what it answers is the identity", () => {
    const asked: { host: string; port: string | undefined }[] = [];
    const identity = datastoreIdentity("postgres", [{ host: "127.0.0.1" }], "shop", {
      resolveHost: (hostPort) => {
        asked.push(hostPort);
        return { host: "postgres" };
      },
    });
    expect(asked).toEqual([{ host: "localhost", port: "5432" }]);
    expect(identity).toBe("postgres://postgres/shop");
  });

  it("a host the resolver cannot name (or an empty host) gives no identity", () => {
    expect(datastoreIdentity("postgres", [{ host: "db" }], "shop", { resolveHost: () => ({ host: "" }) })).toBeUndefined();
    expect(datastoreIdentity("postgres", [{ host: "db" }, { host: " " }], "shop")).toBeUndefined();
  });
});

describe("[U] joinReplicaSets: members that overlap", () => {
  it("sets of one size: the first in sort order is the one kept", () => {
    const a = "mongodb://m1:27017,m2:27017/app";
    const b = "mongodb://m2:27017,m3:27017/app";
    expect(Object.fromEntries(joinReplicaSets([b, a]))).toEqual({ [b]: a });
    expect(Object.fromEntries(joinReplicaSets([a, b]))).toEqual({ [b]: a });
  });

  it("overlap is followed through a chain of sets, to the largest", () => {
    const small = "mongodb://m1:27017/app";
    const pair = "mongodb://m1:27017,m2:27017/app";
    const trio = "mongodb://m2:27017,m3:27017,m4:27017/app";
    expect(Object.fromEntries(joinReplicaSets([small, pair, trio]))).toEqual({ [small]: trio, [pair]: trio });
    expect(Object.fromEntries(joinReplicaSets([trio, pair, small]))).toEqual({ [small]: trio, [pair]: trio });
  });

  it("another engine, another database or a schema of its own is never joined; text that is not an identity is skipped", () => {
    const identities = ["mongodb://m1:27017,m2:27017/app", "redis://m1:27017/app", "mongodb://m1:27017/app2", "postgres://m1:27017/app?schema=x", "not an identity", "mongodb://m1:27017,m2:27017/app"];
    expect(joinReplicaSets(identities).size).toBe(0);
  });
});
