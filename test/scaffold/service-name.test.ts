import { describe, expect, it } from "vitest";
import {
  checkServiceName,
  describeNameProblem,
  describeNameRules,
  suggestServiceName,
  type NameCheck,
  type NameRules,
} from "../../src/scaffold/service-name.js";

const SHAPE = "use lowercase letters, digits and '-', starting with a letter and not ending with '-'";

/** The failed check, or a test failure when the name passed. */
function refused(name: string, rules?: NameRules): Exclude<NameCheck, { ok: true }> {
  const check = checkServiceName(name, rules);
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
    expect(checkServiceName(name)).toEqual({
      ok: false,
      reason: `npm does not accept it as a package name (${name} is a core module name)`,
      suggestion: `${name}-service`,
    });
  });
});

describe("checkServiceName: a template's shorter limit", () => {
  const rules: NameRules = { maxLength: 45, maxLengthHint: "the longest table name, <name>_schema_migrations, must fit PostgreSQL's 63-character limit" };

  it("accepts 45 characters and refuses 46, naming the limit and why", () => {
    expect(checkServiceName("x".repeat(45), rules)).toEqual({ ok: true });
    expect(checkServiceName("x".repeat(46), rules)).toEqual({
      ok: false,
      reason: `it is 46 characters long; at most 45 are allowed (${rules.maxLengthHint})`,
      suggestion: "x".repeat(45),
    });
  });

  it("suggests the name cut after its last whole word that fits", () => {
    const name = "order-fulfilment-and-returns-reconciliation-service"; // 51
    expect(refused(name, rules).suggestion).toBe("order-fulfilment-and-returns-reconciliation");
    expect(refused(`${"a".repeat(44)}-bc`, rules).suggestion).toBe("a".repeat(44));
  });

  it("cuts inside a word when the last whole word would leave less than half", () => {
    expect(refused(`ab-${"c".repeat(60)}`, rules).suggestion).toBe(`ab-${"c".repeat(42)}`);
  });

  it("a limit above 63 (or none) is 63, and says no more than the number", () => {
    expect(checkServiceName("x".repeat(63), { maxLength: 100 })).toEqual({ ok: true });
    expect(refused("x".repeat(64), { maxLengthHint: "never shown" }).reason).toBe("it is 64 characters long; at most 63 are allowed");
  });

  it("describes the rules as --help and the README say them", () => {
    expect(describeNameRules(rules)).toBe("lowercase letters, digits and '-', starting with a letter, at most 45 characters");
    expect(describeNameRules()).toBe("lowercase letters, digits and '-', starting with a letter, at most 63 characters");
  });
});

describe("checkServiceName: names PostgreSQL would not take as a table and role", () => {
  it.each([
    ["order", "order", "order-service"],
    ["user", "user", "user-service"],
    ["group", "group", "group-service"],
    ["select", "select", "select-service"],
    ["current-user", "current_user", "current-user-service"],
    ["left", "left", "left-service"],
  ])("%j is a reserved word in SQL (%s)", (name, word, suggestion) => {
    expect(checkServiceName(name)).toEqual({ ok: false, reason: `"${word}" is a reserved word in SQL: its table would need quotes in every query`, suggestion });
  });

  it.each(["orders", "users", "order-items", "user-profile", "name", "type", "value", "pg", "pgbouncer"])("%j is fine", (name) => {
    expect(checkServiceName(name)).toEqual({ ok: true });
  });

  it("refuses the pg- prefix, suggesting postgres- instead", () => {
    expect(checkServiceName("pg-backup")).toEqual({
      ok: false,
      reason: 'its database role and tables would start with "pg_", a prefix PostgreSQL reserves for itself',
      suggestion: "postgres-backup",
    });
  });

  it("suggests a name that passes when the plain slug is a reserved word", () => {
    expect(refused("Order").suggestion).toBe("order-service");
  });
});

describe("checkServiceName: names the template takes for itself", () => {
  const rules: NameRules = { taken: ["postgres", "kafka"], takenHint: "the template runs a docker compose service by that name" };

  it("refuses them with the template's reason and a suggestion", () => {
    expect(checkServiceName("kafka", rules)).toEqual({
      ok: false,
      reason: '"kafka" is taken: the template runs a docker compose service by that name',
      suggestion: "kafka-service",
    });
    expect(checkServiceName("kafka-admin", rules)).toEqual({ ok: true });
    expect(checkServiceName("kafka")).toEqual({ ok: true });
  });
});

describe("suggestServiceName", () => {
  it("adds -service when the closest slug is itself refused by npm", () => {
    expect(suggestServiceName("HTTP")).toBe("http-service");
  });

  it("never suggests a name its own check refuses", () => {
    const rules: NameRules = { maxLength: 20, taken: ["kafka", "kafka-service"] };
    const inputs = ["Order", "USER", "pg-x", "pg_stats", "kafka", "HTTP", "a".repeat(80), `Order ${"x".repeat(30)}`, "Crème Brûlée de la Maison du Quartier", "current user"];
    for (const input of inputs) {
      const suggestion = suggestServiceName(input, rules);
      if (suggestion !== undefined) expect(checkServiceName(suggestion, rules), `${input} -> ${suggestion}`).toEqual({ ok: true });
    }
  });
  it("returns undefined when nothing is left", () => {
    expect(suggestServiceName("!!!")).toBeUndefined();
    expect(suggestServiceName("")).toBeUndefined();
  });
  it("returns a valid name unchanged", () => {
    expect(suggestServiceName("orders")).toBe("orders");
  });
});

describe("suggestServiceName: where a long name is cut", () => {
  it("a slug of exactly the limit is kept whole", () => {
    expect(refused(`A${"-b".repeat(31)}`).suggestion).toBe(`a${"-b".repeat(31)}`);
  });

  it("cuts after the last word that ends within the limit, not a later one", () => {
    expect(refused(`${"a".repeat(40)}-${"b".repeat(30)}-c-D`).suggestion).toBe("a".repeat(40));
  });

  it("a word ending exactly at the limit is kept", () => {
    expect(refused(`${"a".repeat(40)}-${"b".repeat(22)}-C`).suggestion).toBe(`${"a".repeat(40)}-${"b".repeat(22)}`);
  });

  it("a cut at exactly half the limit still counts as keeping half", () => {
    expect(refused(`${"a".repeat(22)}-${"b".repeat(30)}`, { maxLength: 44 }).suggestion).toBe("a".repeat(22));
  });

  it("drops every leading character that is not a letter", () => {
    expect(refused("12orders").suggestion).toBe("orders");
  });

  it("changes only a leading pg- into postgres-", () => {
    const rules: NameRules = { taken: ["a-pg-b"] };
    expect(refused("a-pg-b", rules).suggestion).toBe("a-pg-b-service");
  });

  it("a refusal without a suggestion has no suggestion key at all", () => {
    expect(Object.keys(refused("123"))).toEqual(["ok", "reason"]);
  });

  it("a taken name without the template's reason says so in general words", () => {
    expect(refused("kafka", { taken: ["kafka"] }).reason).toBe('"kafka" is taken: the template uses it for something of its own');
  });
});

describe("describeNameProblem", () => {
  it("quotes the name and adds the suggestion", () => {
    expect(describeNameProblem("Orders Service", refused("Orders Service"))).toBe(
      `invalid service name "Orders Service": ${SHAPE}; try "orders-service"`,
    );
  });

  it("leaves out the hint when there is no suggestion", () => {
    expect(describeNameProblem("123", refused("123"))).toBe(`invalid service name "123": ${SHAPE}`);
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
