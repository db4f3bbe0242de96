import { describe, expect, it } from "vitest";
import { canonicalHost, datastoreIdentity, joinReplicaSets, parseConnectionUrl } from "../../../src/lint/model/datastore-identity.js";

/** The identity of a URL as the model computes it, without host aliases. */
const identityOf = (url: string, databaseBesideUrl?: string): string | undefined => {
  const address = parseConnectionUrl(url)!;
  const database = databaseBesideUrl ?? address.database ?? (address.engine === "postgres" ? address.user || "postgres" : address.engine === "mongodb" ? "test" : address.engine === "redis" ? "0" : undefined);
  return datastoreIdentity(address.engine, address.hosts, database, { ...(address.srv ? { srv: true } : {}), ...(address.schema ? { schema: address.schema } : {}) });
};

describe("[U] parseConnectionUrl", () => {
  it("takes a URL apart: engine, hosts, port, database, user", () => {
    expect(parseConnectionUrl("postgres://app:secret@db:5433/shop?sslmode=require")).toEqual({
      engine: "postgres",
      host: "db",
      port: "5433",
      hosts: [{ host: "db", port: "5433" }],
      database: "shop",
      user: "app",
    });
    expect(parseConnectionUrl("postgresql://orders@db")).toEqual({ engine: "postgres", host: "db", hosts: [{ host: "db" }], user: "orders" });
    expect(parseConnectionUrl("redis://cache:6379")).toEqual({ engine: "redis", host: "cache", port: "6379", hosts: [{ host: "cache", port: "6379" }] });
    expect(parseConnectionUrl("not a url")).toBeUndefined();
  });

  it("a DNS seed list (mongodb+srv) has no port", () => {
    expect(parseConnectionUrl("mongodb+srv://u:p@cluster0.example.net/app?retryWrites=true")).toEqual({
      engine: "mongodb",
      host: "cluster0.example.net",
      hosts: [{ host: "cluster0.example.net" }],
      database: "app",
      user: "u",
      srv: true,
    });
  });

  it("every host of a replica set", () => {
    expect(parseConnectionUrl("mongodb://mongo1:27017,mongo2:27018,mongo3/app?replicaSet=rs0")?.hosts).toEqual([
      { host: "mongo1", port: "27017" },
      { host: "mongo2", port: "27018" },
      { host: "mongo3" },
    ]);
  });

  it("JDBC URLs (Spring's SPRING_DATASOURCE_URL) and their ;databaseName= form", () => {
    expect(parseConnectionUrl("jdbc:postgresql://db:5432/shop")).toMatchObject({ engine: "postgres", host: "db", port: "5432", database: "shop" });
    expect(parseConnectionUrl("jdbc:mysql://mysql:3306/inventory?useSSL=false")).toMatchObject({ engine: "mysql", host: "mysql", database: "inventory" });
    expect(parseConnectionUrl("jdbc:sqlserver://sql:1433;databaseName=Billing;encrypt=true")).toMatchObject({ engine: "mssql", host: "sql", port: "1433", database: "Billing" });
  });

  it("a Redis database index in the path or as ?db=", () => {
    expect(parseConnectionUrl("redis://cache:6379/3")?.database).toBe("3");
    expect(parseConnectionUrl("redis://cache:6379?db=2")?.database).toBe("2");
  });

  it("IPv6 hosts and malformed escapes do not throw", () => {
    expect(parseConnectionUrl("postgres://[::1]:5432/shop")?.hosts).toEqual([{ host: "[::1]", port: "5432" }]);
    expect(parseConnectionUrl("postgres://u%zz:p@db/sh%zzop")).toMatchObject({ user: "u%zz", database: "sh%zzop" });
  });
});

describe("[U] canonicalHost", () => {
  it("every name of the local machine is localhost", () => {
    for (const host of ["localhost", "LOCALHOST", "127.0.0.1", "::1", "[::1]", "0.0.0.0", "host.docker.internal"]) expect(canonicalHost(host)).toBe("localhost");
  });
  it("a Kubernetes Service's long names are its short one; other names are lower-cased", () => {
    expect(canonicalHost("postgres.shop.svc.cluster.local")).toBe("postgres");
    expect(canonicalHost("postgres.shop.svc")).toBe("postgres");
    expect(canonicalHost("DB.Example.COM.")).toBe("db.example.com");
  });
});

describe("[U] one identity per real datastore", () => {
  it("credentials, options, default ports and letter case do not split one database", () => {
    const same = [
      "mongodb://mongo:27017/users",
      "mongodb://mongo/users",
      "mongodb://admin:secret@mongo:27017/users?authSource=admin",
      "mongodb://root:other@MONGO:27017/Users?retryWrites=true&w=majority",
    ];
    expect(new Set(same.map((url) => identityOf(url)))).toEqual(new Set(["mongodb://mongo:27017/users"]));
    expect(identityOf("postgres://a:x@db/shop")).toBe(identityOf("postgresql://b:y@db:5432/shop?sslmode=disable"));
  });

  it("localhost and 127.0.0.1 are one server", () => {
    expect(identityOf("postgres://localhost:5432/shop")).toBe(identityOf("postgres://127.0.0.1/shop"));
  });

  it("a default database name is the database it names", () => {
    expect(identityOf("mongodb://mongo:27017")).toBe(identityOf("mongodb://mongo:27017/test"));
    expect(identityOf("postgres://postgres@db:5432")).toBe(identityOf("postgres://db:5432/postgres"));
    expect(identityOf("redis://cache")).toBe(identityOf("redis://cache:6379/0"));
  });

  it("a database named beside the URL (dbName) is the one used", () => {
    expect(identityOf("mongodb://mongo:27017", "orders")).toBe("mongodb://mongo:27017/orders");
  });

  it("two databases on one server stay two", () => {
    expect(identityOf("mongodb://mongo:27017/orders")).not.toBe(identityOf("mongodb://mongo:27017/users"));
    expect(identityOf("postgres://db:5432/orders")).not.toBe(identityOf("postgres://db:5432/users"));
    // PostgreSQL's default database is the user's: two users, two databases.
    expect(identityOf("postgres://orders@db")).not.toBe(identityOf("postgres://users@db"));
  });

  it("a Redis database index counts", () => {
    expect(identityOf("redis://cache:6379/1")).not.toBe(identityOf("redis://cache:6379/2"));
    expect(identityOf("redis://cache:6379?db=1")).toBe(identityOf("redis://cache:6379/1"));
  });

  it("a replica set is one identity whatever the order of its hosts", () => {
    expect(identityOf("mongodb://m2:27017,m1:27017,m3:27017/app?replicaSet=rs0")).toBe(identityOf("mongodb://m1,m3,m2/app"));
    expect(identityOf("mongodb://m1,m2/app")).toBe("mongodb://m1:27017,m2:27017/app");
  });

  it("a DNS seed list is kept apart from a host of the same name", () => {
    expect(identityOf("mongodb+srv://u:p@cluster0.example.net/app")).toBe("mongodb+srv://cluster0.example.net/app");
  });

  it("the same database through JDBC and through a driver URL", () => {
    expect(identityOf("jdbc:postgresql://db:5432/shop")).toBe(identityOf("postgres://app:pw@db/shop"));
  });

  it("no identity without a host or a database", () => {
    expect(datastoreIdentity("postgres", [], "shop")).toBeUndefined();
    expect(datastoreIdentity("mysql", [{ host: "db" }], undefined)).toBeUndefined();
  });

  it("a host resolver maps aliases to the container they name", () => {
    const aliases: Record<string, string> = { "mongodb-primary": "mongo", "mongo.local": "mongo" };
    const resolveHost = ({ host, port }: { host: string; port: string | undefined }) => ({ host: aliases[host] ?? host, ...(port ? { port } : {}) });
    expect(datastoreIdentity("mongodb", [{ host: "mongodb-primary" }], "users", { resolveHost })).toBe(datastoreIdentity("mongodb", [{ host: "Mongo.Local", port: "27017" }], "users", { resolveHost }));
  });

  it("a PostgreSQL schema of its own (Prisma's ?schema=, JDBC's currentSchema=) is another datastore; public is the default", () => {
    expect(identityOf("postgresql://u:p@db:5432/app?schema=orders")).toBe("postgres://db:5432/app?schema=orders");
    expect(identityOf("postgresql://u:p@db:5432/app?schema=orders")).not.toBe(identityOf("postgresql://u:p@db:5432/app?schema=users"));
    expect(identityOf("jdbc:postgresql://db:5432/app?currentSchema=Orders")).toBe(identityOf("postgresql://db/app?schema=orders"));
    expect(identityOf("postgresql://db/app?schema=public")).toBe(identityOf("postgresql://db/app"));
  });
});

describe("[U] joinReplicaSets", () => {
  it("identities of one database whose hosts overlap become the one that lists the most hosts", () => {
    const full = "mongodb://m1:27017,m2:27017,m3:27017/app";
    expect(Object.fromEntries(joinReplicaSets([full, "mongodb://m1:27017/app", "mongodb://m3:27017,m2:27017/app", "mongodb://m1:27017/other", "mongodb://m9:27017/app"]))).toEqual({
      "mongodb://m1:27017/app": full,
      "mongodb://m3:27017,m2:27017/app": full,
    });
  });
  it("two hosts are joined only through a set that lists both", () => {
    expect(joinReplicaSets(["mongodb://m1:27017/app", "mongodb://m2:27017/app"]).size).toBe(0);
  });
});
