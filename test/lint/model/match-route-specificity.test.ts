import { describe, expect, it } from "vitest";
import { matchRoute } from "../../../src/lint/model/match-route.js";
import type { ModelRoute } from "../../../src/lint/types.js";

/**
 * Which route a resolved call lands on decides the chain sync-call-chain follows and the route a finding names:
 * the most specific match of the callee's routes, by method, segment count and literal segments.
 */

/** Only what matching reads: the service, method, path and id of each route. */
const route = (method: string, path: string, service = "orders"): ModelRoute => ({ id: `${service}:${method} ${path}`, service, method, path }) as ModelRoute;

describe("[U] matchRoute: the most specific route of the callee", () => {
  it("only the named service's routes, and only one whose method is the call's", () => {
    const routes = [route("GET", "/orders", "billing"), route("POST", "/orders")];
    expect(matchRoute(routes, "orders", "GET", "/orders")).toBeUndefined();
    expect(matchRoute(routes, "orders", "POST", "/orders")).toBe("orders:POST /orders");
    expect(matchRoute(routes, "billing", "GET", "/orders")).toBe("billing:GET /orders");
    expect(matchRoute(routes, "stock", "GET", "/orders")).toBeUndefined();
  });

  it("a route for every method (app.all, use) takes any call; a call of unknown method reaches any route", () => {
    const routes = [route("ALL", "/events"), route("DELETE", "/carts/:id")];
    expect(matchRoute(routes, "orders", "PATCH", "/events")).toBe("orders:ALL /events");
    expect(matchRoute(routes, "orders", "ALL", "/carts/7")).toBe("orders:DELETE /carts/:id");
  });

  it("the query string is not part of the path; empty segments do not count", () => {
    const routes = [route("GET", "/orders/:id")];
    expect(matchRoute(routes, "orders", "GET", "/orders/42?expand=lines&x=/y")).toBe("orders:GET /orders/:id");
    expect(matchRoute(routes, "orders", "GET", "//orders//42/")).toBe("orders:GET /orders/:id");
  });

  it("a segment the call fills in at run time lands on the route's parameter, not on a word another route writes there, whichever comes first", () => {
    const routes = [route("GET", "/orders/export_done"), route("GET", "/orders/live"), route("GET", "/orders/:id")];
    expect(matchRoute(routes, "orders", "GET", "/orders/{orderId}")).toBe("orders:GET /orders/:id");
    expect(matchRoute(routes, "orders", "GET", "/orders/${id}")).toBe("orders:GET /orders/:id");
    // A word the call writes still picks the route that writes it.
    expect(matchRoute(routes, "orders", "GET", "/orders/live")).toBe("orders:GET /orders/live");
    expect(matchRoute(routes, "orders", "GET", "/orders/42")).toBe("orders:GET /orders/:id");
  });

  it("a path of another segment count is another route", () => {
    const routes = [route("GET", "/orders/:id")];
    expect(matchRoute(routes, "orders", "GET", "/orders")).toBeUndefined();
    expect(matchRoute(routes, "orders", "GET", "/orders/42/lines")).toBeUndefined();
    expect(matchRoute(routes, "orders", "GET", "/carts/42")).toBeUndefined();
  });

  it("a literal segment beats a parameter, whichever is declared first; OpenAPI's {id} is a parameter too", () => {
    const routes = [route("GET", "/users/:id"), route("GET", "/users/me"), route("GET", "/items/{id}/price")];
    expect(matchRoute(routes, "orders", "GET", "/users/me")).toBe("orders:GET /users/me");
    expect(matchRoute(routes, "orders", "GET", "/users/u-1")).toBe("orders:GET /users/:id");
    expect(matchRoute([...routes].reverse(), "orders", "GET", "/users/me")).toBe("orders:GET /users/me");
    expect(matchRoute(routes, "orders", "GET", "/items/sku-9/price")).toBe("orders:GET /items/{id}/price");
    // Half a brace is a literal segment, not a parameter.
    expect(matchRoute([route("GET", "/items/{id")], "orders", "GET", "/items/7")).toBeUndefined();
    expect(matchRoute([route("GET", "/items/id}")], "orders", "GET", "/items/7")).toBeUndefined();
  });

  it("of two equally good routes of one length, the first declared wins", () => {
    const routes = [route("GET", "/a/:x"), route("ALL", "/a/:y"), route("GET", "/b/c")];
    expect(matchRoute(routes, "orders", "GET", "/a/1")).toBe("orders:GET /a/:x");
    expect(matchRoute([routes[1]!, routes[0]!], "orders", "GET", "/a/1")).toBe("orders:ALL /a/:y");
  });

  it("a route ending in * takes the rest of any length, and the path before it alone; a literal route is more specific", () => {
    const routes = [route("ALL", "/api/*"), route("GET", "/api/users")];
    expect(matchRoute(routes, "orders", "GET", "/api/users/7/orders")).toBe("orders:ALL /api/*");
    expect(matchRoute(routes, "orders", "GET", "/api")).toBe("orders:ALL /api/*");
    expect(matchRoute(routes, "orders", "GET", "/api/users")).toBe("orders:GET /api/users");
    expect(matchRoute(routes, "orders", "GET", "/other/users")).toBeUndefined();
  });

  it("a wildcard route needs every segment before its *", () => {
    expect(matchRoute([route("ALL", "/api/v1/*")], "orders", "GET", "/api")).toBeUndefined();
    expect(matchRoute([route("ALL", "/api/v1/*")], "orders", "GET", "/api/v2/x")).toBeUndefined();
  });

  it("a * inside a path is a literal segment", () => {
    expect(matchRoute([route("GET", "/a/*/b")], "orders", "GET", "/a/x/b")).toBeUndefined();
    expect(matchRoute([route("GET", "/a/*/b")], "orders", "GET", "/a/*/b")).toBe("orders:GET /a/*/b");
  });

  it("between a wildcard and a route of the call's length that match as well, the first declared wins", () => {
    const routes = [route("ALL", "/:tenant/*"), route("GET", "/:tenant/:id")];
    expect(matchRoute(routes, "orders", "GET", "/t1/9")).toBe("orders:ALL /:tenant/*");
    expect(matchRoute([routes[1]!, routes[0]!], "orders", "GET", "/t1/9")).toBe("orders:GET /:tenant/:id");
  });

  it("routes of one length are all kept, not only the last declared", () => {
    const routes = [route("GET", "/orders/:id"), route("GET", "/carts/:id"), route("GET", "/users/:id")];
    expect(matchRoute(routes, "orders", "GET", "/orders/1")).toBe("orders:GET /orders/:id");
    expect(matchRoute(routes, "orders", "GET", "/carts/1")).toBe("orders:GET /carts/:id");
  });

  it("a call segment that is unknown from its start matches any route segment, a parameter best", () => {
    const routes = [route("GET", "/orders/:id"), route("GET", "/orders/latest")];
    // `${id}` and `{?}` are values picked at run time: the parameter route fits them, whichever is declared first.
    expect(matchRoute(routes, "orders", "GET", "/orders/${id}")).toBe("orders:GET /orders/:id");
    expect(matchRoute([routes[1]!, routes[0]!], "orders", "GET", "/orders/{?}")).toBe("orders:GET /orders/:id");
    // With no parameter route, the literal one is still reached.
    expect(matchRoute([routes[1]!], "orders", "GET", "/orders/{?}")).toBe("orders:GET /orders/latest");
    // What is written before the unknown part must begin the route's segment.
    expect(matchRoute([route("GET", "/orders/latest")], "orders", "GET", "/orders/lat${x}")).toBe("orders:GET /orders/latest");
    expect(matchRoute([route("GET", "/orders/latest")], "orders", "GET", "/orders/old${x}")).toBeUndefined();
  });

  it("the same route list answers again after other lookups (its index is kept, not rebuilt wrong)", () => {
    const routes = [route("GET", "/orders/:id"), route("GET", "/health", "billing")];
    expect(matchRoute(routes, "orders", "GET", "/orders/1")).toBe("orders:GET /orders/:id");
    expect(matchRoute(routes, "billing", "GET", "/health")).toBe("billing:GET /health");
    expect(matchRoute(routes, "orders", "GET", "/orders/2")).toBe("orders:GET /orders/:id");
  });
});
