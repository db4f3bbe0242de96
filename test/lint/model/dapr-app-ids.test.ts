import { describe, expect, it } from "vitest";
import { daprInvocation, pathOfUrl, serviceOfAppId } from "../../../src/lint/model/dapr.js";
import type { Ctx } from "../../../src/lint/model/context.js";
import type { ServiceInfo } from "../../../src/lint/types.js";

/**
 * model/dapr.ts's pieces on hand-written input: the app id and path of a sidecar invocation URL, the path of a URL
 * the sidecar forwards as it is, and which service an app id names.
 */

const service = (name: string, root: string, extra: Partial<ServiceInfo> = {}): ServiceInfo =>
  ({ name, root, sources: [], hosts: [name], ports: [], env: {}, location: { file: "docker-compose.yml", line: 1, column: 1 }, ...extra }) as ServiceInfo;
const ctxOf = (services: ServiceInfo[], compose: { name: string; image?: string; command?: string[] }[] = []): Ctx => ({ services, compose: compose.map((c) => ({ file: "docker-compose.yml", line: 7, ...c })) }) as unknown as Ctx;
const named = (found: { service: ServiceInfo; why: string } | undefined) => (found ? `${found.service.name}: ${found.why}` : "none");

describe("[U] Dapr invocation URLs and app ids (model/dapr.ts)", () => {
  it("the app id and the path of an invocation; none without /v1.0/invoke/…/method", () => {
    expect(daprInvocation("http://localhost:3500/v1.0/invoke/orders/method/v1/orders?x=1")).toEqual({ appId: "orders", path: "/v1/orders" });
    expect(daprInvocation("http://localhost:3500/v1.0/invoke/orders.shop/method")).toEqual({ appId: "orders.shop", path: "/" });
    expect(daprInvocation("http://localhost:3500/v1.0/invoke/orders")).toBeUndefined();
    expect(daprInvocation("http://localhost:3500/v1.0/state/orders")).toBeUndefined();
  });

  it("the path of a URL forwarded as it is: after the host, / without one; for a host known at run time, from the first slash", () => {
    expect(pathOfUrl("http://orders:3000/v1/orders?id=2")).toBe("/v1/orders?id=2");
    expect(pathOfUrl("https://orders:3000")).toBe("/");
    expect(pathOfUrl("{DAPR_HOST}:3500/v1/orders")).toBe("/v1/orders");
    expect(pathOfUrl("/v1/orders")).toBe("/v1/orders");
    expect(pathOfUrl("{BASE}")).toBe("/");
    // A URL in the query of a path is no scheme of the whole text.
    expect(pathOfUrl("{HOST}/login?next=http://shop/cart")).toBe("/login?next=http://shop/cart");
  });

  it("an app id a deployment declares wins (the first of two); a daprd sidecar gives the service beside it its id; else a service named so, but not the caller", () => {
    const orders = service("orders", "services/orders", { daprAppId: { id: "order-api", location: { file: "k8s/orders.yaml", line: 9, column: 1 } } });
    const copy = service("orders-copy", "services/copy", { daprAppId: { id: "order-api", location: { file: "k8s/copy.yaml", line: 3, column: 1 } } });
    const basket = service("basket", "services/basket", { hosts: ["basket", "Cart"] });
    const stock = service("stock-svc", "services/Inventory");
    // Hosts that differ from the name: a sidecar finds its service by either, an app id by either, case aside.
    const billing = service("billing", "services/billing", { hosts: ["billing-api"] });
    const payments = service("payment-svc", "services/pay", { hosts: ["payments"] });
    const ledger = service("Ledger", "services/books", { hosts: ["ledger-host"] });
    const tools = service("tools", "services/tools");
    const ctx = ctxOf(
      [orders, copy, basket, stock, billing, payments, ledger, tools],
      [
        { name: "billing-dapr", image: "daprio/daprd:1.14", command: ["./daprd", "--app-id", "payments"] },
        { name: "billing_sidecar", image: "daprio/daprd", command: ["./daprd", "--app-id", "order-api"] },
        { name: "ghost-daprd", image: "daprio/daprd", command: ["./daprd", "--app-id", "ghost"] },
        { name: "tools-dapr", image: "acme/daprd", command: ["./daprd", "--app-id", "tools"] },
        { name: "basket-dapr", image: "daprio/daprd" },
        { name: "payments_daprd", image: "daprio/daprd", command: ["./daprd", "-app-id", "pay"] },
      ],
    );
    expect(named(serviceOfAppId(ctx, "basket", "order-api"))).toBe("orders: its app id, k8s/orders.yaml:9");
    expect(named(serviceOfAppId(ctx, "basket", "order-api.prod"))).toBe("orders: its app id, k8s/orders.yaml:9");
    expect(named(serviceOfAppId(ctx, "basket", "payments"))).toBe("billing: the daprd sidecar billing-dapr gives billing that app id, docker-compose.yml:7");
    expect(named(serviceOfAppId(ctx, "basket", "ghost"))).toBe("none");
    // Not a daprd image: no sidecar; the service named so.
    expect(named(serviceOfAppId(ctx, "basket", "tools"))).toBe("tools: a service of that name");
    expect(named(serviceOfAppId(ctx, "basket", "pay"))).toBe("payment-svc: the daprd sidecar payments_daprd gives payment-svc that app id, docker-compose.yml:7");
    expect(named(serviceOfAppId(ctx, "basket", "LEDGER"))).toBe("Ledger: a service of that name");
    expect(named(serviceOfAppId(ctx, "orders", "CART"))).toBe("basket: a service of that name");
    expect(named(serviceOfAppId(ctx, "orders", "Basket.shop"))).toBe("basket: a service of that name");
    expect(named(serviceOfAppId(ctx, "orders", "inventory"))).toBe("stock-svc: a service of that name");
    expect(named(serviceOfAppId(ctx, "basket", "basket"))).toBe("none");
  });

  it("an app id named like a service but for the suffix that says it is one (`python-app`, python-service/), when only one is (lead22)", () => {
    const ctx = ctxOf([service("python-service", "python-service"), service("go-service", "go-service"), service("node-service", "node-service")]);
    expect(named(serviceOfAppId(ctx, "node-service", "python-app"))).toBe("python-service: a service named like it but for its suffix (python-service)");
    expect(named(serviceOfAppId(ctx, "node-service", "go-api"))).toBe("go-service: a service named like it but for its suffix (go-service)");
    expect(named(serviceOfAppId(ctx, "node-service", "ruby-app"))).toBe("none");
    const twice = ctxOf([service("orders-api", "a/orders-api"), service("orders-worker", "b/orders-worker"), service("web", "web")]);
    expect(named(serviceOfAppId(twice, "web", "orders-app"))).toBe("none");
  });
});
