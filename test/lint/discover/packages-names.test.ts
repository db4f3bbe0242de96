import { describe, expect, it } from "vitest";
import { dedupeNames } from "../../../src/lint/discover/names.js";

const names = (items: { name: string; root: string }[]) => {
  dedupeNames(items);
  return items.map((item) => item.name);
};

describe("[U] dedupeNames", () => {
  it("leaves names that do not clash alone", () => {
    expect(names([{ name: "orders", root: "services/orders" }, { name: "users", root: "services/users" }])).toEqual(["orders", "users"]);
  });

  it("gives each clashing one the shortest folder tail that tells it apart, and never a name another has", () => {
    expect(
      names([
        { name: "api", root: "" },
        { name: "api", root: "billing/api" },
        { name: "api", root: "shipping/api" },
        { name: "billing-api", root: "legacy" },
      ]),
    ).toEqual(["api", "api-2", "shipping-api", "billing-api"]);
  });

  it("a folder tail that is another's name is skipped; what no tail tells apart is numbered", () => {
    expect(
      names([
        { name: "api", root: "c" },
        { name: "api", root: "x/c" },
        { name: "c", root: "other" },
      ]),
    ).toEqual(["api", "x-c", "c"]);
    expect(
      names([
        { name: "api", root: "c" },
        { name: "api", root: "d" },
        { name: "c", root: "x" },
        { name: "d", root: "y" },
      ]),
    ).toEqual(["api", "api-2", "c", "d"]);
  });
});
