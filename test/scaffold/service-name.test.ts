import { describe, expect, it } from "vitest";
import { checkServiceName, describeNameProblem, suggestServiceName, type NameCheck } from "../../src/scaffold/service-name.js";

const SHAPE = "use lowercase letters, digits and '-', starting with a letter and not ending with '-'";

/** The failed check, or a test failure when the name passed. */
function refused(name: string): Exclude<NameCheck, { ok: true }> {
  const check = checkServiceName(name);
  if (check.ok) throw new Error(`expected ${JSON.stringify(name)} to be refused`);
  return check;
}

describe("checkServiceName: valid names", () => {
  it.each(["orders", "orders-service", "orders-v2", "a", "a1", "orders--legacy", "x".repeat(63), `a${"-b".repeat(31)}`])("%j", (name) => {
    expect(checkServiceName(name)).toEqual({ ok: true });
  });
});

describe("checkServiceName: invalid names", () => {
  it.each([
    // [name, suggestion or undefined]
    ["Orders", "orders"],
    ["ORDERS", "orders"],
    ["Orders Service", "orders-service"],
    ["orders service", "orders-service"],
    ["OrdersService", "orders-service"],
    ["orders_service", "orders-service"],
    ["../evil", "evil"],
    ["/abs/path", "abs-path"],
    ["-x", "x"],
    ["x-", "x"],
    ["1orders", "orders"],
    ["node_modules", "node-modules"],
    ["favicon.ico", "favicon-ico"],
    ['orders"svc', "orders-svc"],
    ["orders'svc", "orders-svc"],
    ["{{name}}", "name"],
    ["orders{{x", "orders-x"],
    ["Crème Brûlée", "creme-brulee"],
    ["orders\nsvc", "orders-svc"],
    ["123", undefined],
    ["---", undefined],
    ["{{", undefined],
  ])("%j (suggests %j)", (name, suggestion) => {
    const check = refused(name);
    expect(check.reason).toBe(SHAPE);
    expect(check.suggestion).toBe(suggestion);
    if (suggestion !== undefined) expect(checkServiceName(suggestion)).toEqual({ ok: true });
  });

  it.each(["", " ", "\t\n"])("%j is empty, with no suggestion", (name) => {
    expect(checkServiceName(name)).toEqual({ ok: false, reason: "the service name is empty" });
  });

  it("refuses 64 characters and suggests the 63-character prefix", () => {
    const name = "x".repeat(64);
    expect(checkServiceName(name)).toEqual({
      ok: false,
      reason: "it is 64 characters long; at most 63 are allowed",
      suggestion: "x".repeat(63),
    });
  });

  it("a too-long suggestion is cut on a word boundary without a trailing '-'", () => {
    const name = `${"a".repeat(62)}-service`; // cut at 63 leaves "aaa…a-"
    const check = refused(name);
    expect(check.suggestion).toBe("a".repeat(62));
  });

  it.each(["http", "fs", "crypto", "events"])("%j is a Node.js core module, which npm refuses", (name) => {
    expect(checkServiceName(name)).toEqual({ ok: false, reason: `npm does not accept it as a package name (${name} is a core module name)` });
  });
});

describe("suggestServiceName", () => {
  it("returns undefined when the closest slug is itself refused by npm", () => {
    expect(suggestServiceName("HTTP")).toBeUndefined();
  });
  it("returns undefined when nothing is left", () => {
    expect(suggestServiceName("!!!")).toBeUndefined();
    expect(suggestServiceName("")).toBeUndefined();
  });
  it("returns a valid name unchanged", () => {
    expect(suggestServiceName("orders")).toBe("orders");
  });
});

describe("describeNameProblem", () => {
  it("quotes the name and adds the suggestion", () => {
    expect(describeNameProblem("Orders Service", refused("Orders Service"))).toBe(
      `invalid service name "Orders Service": ${SHAPE}; try "orders-service"`,
    );
  });

  it("leaves out the hint when there is no suggestion", () => {
    expect(describeNameProblem("http", refused("http"))).toBe(
      'invalid service name "http": npm does not accept it as a package name (http is a core module name)',
    );
    expect(describeNameProblem("", refused(""))).toBe('invalid service name "": the service name is empty');
  });

  it("stays on one line and escapes quotes, whatever the input", () => {
    for (const name of ["orders\nservice", 'a"b', "tab\there", "x".repeat(64)]) {
      const message = describeNameProblem(name, refused(name));
      expect(message).not.toMatch(/[\r\n]/);
      expect(message.startsWith(`invalid service name ${JSON.stringify(name)}: `)).toBe(true);
    }
  });
});
