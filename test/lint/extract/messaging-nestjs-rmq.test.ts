import { describe, expect, it } from "vitest";
import { topics } from "./messaging-facts.js";

describe("[U] messaging: nestjs-rmq (acc21a)", () => {
  it("@RMQRoute answers its topic; rmqService.send asks and waits, rmqService.notify publishes an event", () => {
    expect(
      topics(`import { RMQRoute, RMQService } from "nestjs-rmq";
export class LedgerCommands {
  constructor(private readonly rmq: RMQService) {}
  @RMQRoute("ledger.entry.add")
  async add(entry) {
    const { rate } = await this.rmq.send("rates.current.get", { currency: entry.currency });
    await this.rmq.notify("ledger.entry.added", { ...entry, rate });
    return { ok: true };
  }
}
`),
    ).toEqual(["amqp consume request-reply ledger.entry.add", "amqp produce request-reply rates.current.get", "amqp produce ledger.entry.added"]);
  });

  it("a topic kept in a namespace's constant, as contracts libraries write them", () => {
    expect(
      topics(`import { RMQRoute } from "nestjs-rmq";
export namespace LedgerBalance {
  export const topic = "ledger.balance.query";
}
export class LedgerQueries {
  @RMQRoute(LedgerBalance.topic)
  balance() { return 0; }
}
`),
    ).toEqual(["amqp consume request-reply ledger.balance.query"]);
  });

  it("without the package, send and notify are some other object's, and RMQRoute is nobody's", () => {
    expect(topics(`import { Mailer } from "./mailer";\nawait mailer.send("welcome", user);\nawait bell.notify("ding", 3);\nexport class A {\n  @RMQRoute("x")\n  y() {}\n}\n`)).toEqual([]);
  });
});
