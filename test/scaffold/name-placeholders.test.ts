import { describe, expect, it } from "vitest";
import { describeNamePlaceholders, fillNamePlaceholders, hasPlaceholder } from "../../src/scaffold/name-placeholders.js";
import { portFor } from "../../src/scaffold/port-plan.js";

describe("fillNamePlaceholders", () => {
  it("fills the name, its case conversions and its port, with or without spaces inside the braces", () => {
    expect(fillNamePlaceholders("The {{name}} service", "order-items")).toBe("The order-items service");
    expect(fillNamePlaceholders("{{ pascal name }}/{{snake name}}/{{constant  name}}", "order-items")).toBe("OrderItems/order_items/ORDER_ITEMS");
    expect(fillNamePlaceholders("{{portFor name}}", "orders")).toBe(String(portFor("orders")));
  });

  it("leaves any other {{...}} as it is: an unknown helper, an inherited property name, another value", () => {
    expect(fillNamePlaceholders("{{shout name}} {{constructor name}} {{toString name}} {{description}} {{ names }}", "orders")).toBe(
      "{{shout name}} {{constructor name}} {{toString name}} {{description}} {{ names }}",
    );
  });
});

describe("describeNamePlaceholders: the default as --help shows it, before there is a name", () => {
  it.each([
    ["The {{name}} service", "The <name> service"],
    ["{{ name }}-team", "<name>-team"],
    ["{{kebab name}}.{{camel name}}", "<name>.<name>"],
    ["{{portFor name}}", "derived from <name>, 20000-25999"],
    ["port {{ portFor name }}", "port derived from <name>, 20000-25999"],
    ["{{shout name}}", "{{shout name}}"],
    ["{{constructor name}}", "{{constructor name}}"],
    ["{{description}}", "{{description}}"],
    ["plain", "plain"],
  ])("%j -> %j", (text, shown) => {
    expect(describeNamePlaceholders(text)).toBe(shown);
  });
});

describe("hasPlaceholder", () => {
  it("is true for any {{", () => {
    expect(hasPlaceholder("{{name}}")).toBe(true);
    expect(hasPlaceholder("a {{ b")).toBe(true);
    expect(hasPlaceholder("3000")).toBe(false);
    expect(hasPlaceholder("{ {")).toBe(false);
  });
});
