import { describe, expect, it } from "vitest";
import { uuidv7 } from "../src/db/ids.ts";

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("uuidv7", () => {
  it("makes RFC 9562 version 7 ids carrying the time", () => {
    const id = uuidv7(Date.UTC(2026, 0, 1));
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(Date.UTC(2026, 0, 1));
  });

  it("sorts ids made in the same millisecond in the order they were made", () => {
    const now = Date.now() + 60_000;
    const ids = Array.from({ length: 10_000 }, () => uuidv7(now));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });

  it("never goes backwards when the clock does", () => {
    const later = uuidv7(Date.now() + 120_000);
    const earlier = uuidv7(Date.now());
    expect(earlier > later).toBe(true);
  });
});
