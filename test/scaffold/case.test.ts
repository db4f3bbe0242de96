import { describe, expect, it } from "vitest";
import { CASE_CONVERSIONS, camelCase, constantCase, kebabCase, pascalCase, snakeCase, splitWords } from "../../src/scaffold/case.js";

describe("splitWords", () => {
  it.each([
    ["orders-service", ["orders", "service"]],
    ["ordersService", ["orders", "service"]],
    ["OrdersService", ["orders", "service"]],
    ["ORDERS_SERVICE", ["orders", "service"]],
    ["HTTPServer", ["http", "server"]],
    ["getHTTPResponseCode", ["get", "http", "response", "code"]],
    ["ordersV2Api", ["orders", "v2", "api"]],
    ["orders_v2", ["orders", "v2"]],
    ["  orders  service ", ["orders", "service"]],
    ["orders--service__x", ["orders", "service", "x"]],
    ["a1b2", ["a1b2"]],
    ["", []],
    ["--", []],
  ])("%j -> %j", (input, words) => {
    expect(splitWords(input)).toEqual(words);
  });
});

describe("case conversions", () => {
  // [input, kebab, camel, pascal, snake, constant]
  const table: Array<[string, string, string, string, string, string]> = [
    ["orders-service", "orders-service", "ordersService", "OrdersService", "orders_service", "ORDERS_SERVICE"],
    ["ordersService", "orders-service", "ordersService", "OrdersService", "orders_service", "ORDERS_SERVICE"],
    ["OrdersService", "orders-service", "ordersService", "OrdersService", "orders_service", "ORDERS_SERVICE"],
    ["ORDERS_SERVICE", "orders-service", "ordersService", "OrdersService", "orders_service", "ORDERS_SERVICE"],
    ["HTTPServer", "http-server", "httpServer", "HttpServer", "http_server", "HTTP_SERVER"],
    ["XMLHttpRequest", "xml-http-request", "xmlHttpRequest", "XmlHttpRequest", "xml_http_request", "XML_HTTP_REQUEST"],
    ["orders_v2", "orders-v2", "ordersV2", "OrdersV2", "orders_v2", "ORDERS_V2"],
    ["ordersV2Api", "orders-v2-api", "ordersV2Api", "OrdersV2Api", "orders_v2_api", "ORDERS_V2_API"],
    ["orders", "orders", "orders", "Orders", "orders", "ORDERS"],
    ["a1b2", "a1b2", "a1b2", "A1b2", "a1b2", "A1B2"],
    ["", "", "", "", "", ""],
  ];

  it.each(table)("%j", (input, kebab, camel, pascal, snake, constant) => {
    expect(kebabCase(input)).toBe(kebab);
    expect(camelCase(input)).toBe(camel);
    expect(pascalCase(input)).toBe(pascal);
    expect(snakeCase(input)).toBe(snake);
    expect(constantCase(input)).toBe(constant);
  });

  it("agree whatever case they start from", () => {
    const spellings = ["orders-service", "ordersService", "OrdersService", "orders_service", "ORDERS_SERVICE", "Orders Service"];
    for (const convert of Object.values(CASE_CONVERSIONS)) {
      expect(new Set(spellings.map(convert)).size).toBe(1);
    }
  });

  it("are idempotent", () => {
    for (const convert of Object.values(CASE_CONVERSIONS)) {
      for (const input of ["orders-service", "HTTPServer", "orders_v2"]) {
        expect(convert(convert(input))).toBe(convert(input));
      }
    }
  });

  it("exposes exactly the conversions templates may name", () => {
    expect(Object.keys(CASE_CONVERSIONS).sort()).toEqual(["camel", "constant", "kebab", "pascal", "snake"]);
    expect(CASE_CONVERSIONS.pascal!("orders-service")).toBe("OrdersService");
  });
});
