import { describe, expect, it } from "vitest";
import { withoutCredentialParts } from "../../../src/lint/model/url-credentials.js";
import type { Value } from "../../../src/lint/types.js";

const text = (t: string) => ({ kind: "text" as const, text: t });
const env = (name: string) => ({ kind: "env" as const, name });

describe("[U] a connection URL without the credentials written into it", () => {
  it("replaces the variables of the user-info and keeps host, port and database as written", () => {
    const url: Value = { parts: [text("mongodb://"), env("USER"), text(":"), env("PASS"), text("@db.example:27017/orders")] };
    expect(withoutCredentialParts(url)).toEqual({ parts: [text("mongodb://credentials:credentials@db.example:27017/orders")] });
  });

  it("leaves alone a URL whose unknown part is the host, the whole URL or its scheme", () => {
    expect(withoutCredentialParts({ parts: [text("mongodb://"), env("HOST"), text(":27017/orders")] })).toBeUndefined();
    expect(withoutCredentialParts({ parts: [env("MONGO_URL")] })).toBeUndefined();
    expect(withoutCredentialParts({ parts: [env("SCHEME"), text("://user@db/orders")] })).toBeUndefined();
    expect(withoutCredentialParts({ parts: [text("mongodb://"), env("HOST"), text("/orders?note=a@b")] })).toBeUndefined();
  });

  it("has nothing to replace when the credentials are written as text", () => {
    expect(withoutCredentialParts({ parts: [text("postgres://app:pw@"), env("HOST"), text("/orders")] })).toBeUndefined();
  });
});
