import { describe, expect, it } from "vitest";
import { matchRoute } from "../../../src/lint/model/match-route.js";
import type { ModelRoute } from "../../../src/lint/types.js";

/** Only what matching reads: the service, method, path and id of each route. */
const route = (method: string, path: string): ModelRoute => ({ id: `ranking:${method} ${path}`, service: "ranking", method, path }) as ModelRoute;

describe("[U] matching a call's path to the callee's routes", () => {
  const routes = [route("GET", "/internal/leaderboard"), route("GET", "/internal/appeals"), route("GET", "/internal/writers/:writerId")];

  it("a segment whose end is unknown (`appeals${query}`) matches only a route segment that starts with what is written", () => {
    expect(matchRoute(routes, "ranking", "GET", "/internal/appeals{?}")).toBe("ranking:GET /internal/appeals");
    expect(matchRoute(routes, "ranking", "GET", "/internal/flags{?}")).toBeUndefined();
  });

  it("a wholly unknown segment still matches any route segment, and a route parameter any call segment", () => {
    expect(matchRoute(routes, "ranking", "GET", "/internal/{?}")).toBe("ranking:GET /internal/leaderboard");
    expect(matchRoute(routes, "ranking", "GET", "/internal/writers/w-17")).toBe("ranking:GET /internal/writers/:writerId");
    expect(matchRoute(routes, "ranking", "GET", "/internal/writers/${id}")).toBe("ranking:GET /internal/writers/:writerId");
  });
});
