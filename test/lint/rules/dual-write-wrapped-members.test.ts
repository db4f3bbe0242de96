import { describe, expect, it } from "vitest";
import { facts, ruleTester, service, type Tree } from "../helpers.js";

/**
 * A NestJS billing service in the "use case behind a holder" style: a module's factory provider wraps each step in a
 * generic `Holder<T>` whose `unwrap()` hands the step back, and the message handler is given `Holder<ChargeCardStep>`
 * by an injection token. What runs is the step the holder's type argument names, not anything named like the member.
 */
const billing = (handler: string, unwrap = `  unwrap(): T {\n    return this.step;\n  }`): Tree =>
  service("billing", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices", "@nestjs/typeorm", "typeorm"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { Transport } from "@nestjs/microservices";\nimport { BillingModule } from "./billing.module";\nNestFactory.createMicroservice(BillingModule, { transport: Transport.RMQ, options: { urls: [process.env.AMQP_URL], queue: "billing" } }).then((app) => app.listen());\n`,
    "src/holder.ts": `export class Holder<T> {\n  constructor(private readonly step: T) {}\n${unwrap}\n}\n`,
    "src/charge.entity.ts": `import { Entity, PrimaryColumn, Column } from "typeorm";\n@Entity("charges")\nexport class Charge {\n  @PrimaryColumn() id: string;\n  @Column() cents: number;\n}\n`,
    "src/charges.store.ts": `import { Injectable } from "@nestjs/common";\nimport { InjectRepository } from "@nestjs/typeorm";\nimport { Repository } from "typeorm";\nimport { Charge } from "./charge.entity";\n@Injectable()\nexport class ChargesStore {\n  constructor(@InjectRepository(Charge) private readonly charges: Repository<Charge>) {}\n  keep(id: string, cents: number) {\n    return this.charges.save({ id, cents });\n  }\n  find(id: string) {\n    return this.charges.findOneBy({ id });\n  }\n}\n`,
    "src/notifier.ts": `import { Inject, Injectable } from "@nestjs/common";\nimport { ClientProxy } from "@nestjs/microservices";\n@Injectable()\nexport class Notifier {\n  constructor(@Inject("OUTBOUND") private readonly outbound: ClientProxy) {}\n  charged(charge: unknown) {\n    this.outbound.emit("card_charged", charge);\n  }\n}\n`,
    "src/steps/charge-card.step.ts": `import { ChargesStore } from "../charges.store";\nimport { Notifier } from "../notifier";\nexport class ChargeCardStep {\n  constructor(private readonly store: ChargesStore, private readonly notifier: Notifier) {}\n  async perform(id: string, cents: number) {\n    const saved = await this.store.keep(id, cents);\n    this.notifier.charged(saved);\n    return saved;\n  }\n}\n`,
    "src/steps/look-up.step.ts": `import { ChargesStore } from "../charges.store";\nexport class LookUpStep {\n  constructor(private readonly store: ChargesStore) {}\n  async perform(id: string) {\n    return this.store.find(id);\n  }\n}\n`,
    "src/billing.controller.ts": `import { Controller, Inject } from "@nestjs/common";\nimport { MessagePattern, Payload } from "@nestjs/microservices";\nimport { Holder } from "./holder";\nimport { ChargeCardStep } from "./steps/charge-card.step";\nimport { LookUpStep } from "./steps/look-up.step";\n@Controller()\nexport class BillingController {\n  constructor(\n    @Inject("CHARGE") private readonly charging: Holder<ChargeCardStep>,\n    @Inject("LOOK_UP") private readonly finding: Holder<LookUpStep>,\n  ) {}\n  @MessagePattern("charge_card")\n  async charge(@Payload() body: { id: string; cents: number }) {\n${handler}\n  }\n}\n`,
    "src/billing.module.ts": `import { Module } from "@nestjs/common";\nimport { ClientsModule, Transport } from "@nestjs/microservices";\nimport { TypeOrmModule } from "@nestjs/typeorm";\nimport { BillingController } from "./billing.controller";\nimport { Holder } from "./holder";\nimport { Charge } from "./charge.entity";\nimport { ChargesStore } from "./charges.store";\nimport { Notifier } from "./notifier";\nimport { ChargeCardStep } from "./steps/charge-card.step";\nimport { LookUpStep } from "./steps/look-up.step";\n@Module({\n  imports: [\n    TypeOrmModule.forRoot({ type: "postgres", url: process.env.DATABASE_URL, entities: [Charge] }),\n    TypeOrmModule.forFeature([Charge]),\n    ClientsModule.register([{ name: "OUTBOUND", transport: Transport.RMQ, options: { urls: [process.env.AMQP_URL], queue: "ledger" } }]),\n  ],\n  controllers: [BillingController],\n  providers: [\n    ChargesStore,\n    Notifier,\n    { provide: "CHARGE", inject: [ChargesStore, Notifier], useFactory: (store: ChargesStore, notifier: Notifier) => new Holder(new ChargeCardStep(store, notifier)) },\n    { provide: "LOOK_UP", inject: [ChargesStore], useFactory: (store: ChargesStore) => new Holder(new LookUpStep(store)) },\n  ],\n})\nexport class BillingModule {}\n`,
  });

ruleTester("dual-write", {
  valid: [
    { name: "a handler that only reads through the step its holder wraps", files: billing(`    return this.finding.unwrap().perform(body.id);`) },
    {
      // The holder's accessor hands back something else than what it wraps: nothing says which class runs.
      name: "an accessor that returns no type parameter's value",
      files: billing(`    return this.charging.unwrap().perform(body.id, body.cents);`, `  unwrap(): string {\n    return "none";\n  }`),
    },
  ],
  invalid: [
    {
      // The step is reached through `unwrap()`, which returns the holder's type parameter: ChargeCardStep's perform,
      // which saves the charge through its store and then emits on the broker through its notifier.
      name: "a handler that runs, through its holder, a step that saves and then publishes",
      files: billing(`    return this.charging.unwrap().perform(body.id, body.cents);`),
      errors: [{ messageId: "dualWrite", file: "billing/src/notifier.ts", line: 7, data: { service: "billing", system: "amqp", topic: "card_charged" } }],
    },
    {
      // The accessor without a written return type, returning the member the constructor typed with the parameter.
      name: "an accessor that returns the wrapped member, its type left to inference",
      files: billing(`    return this.charging.unwrap().perform(body.id, body.cents);`, `  unwrap() {\n    return this.step;\n  }`),
      errors: [{ messageId: "dualWrite", file: "billing/src/notifier.ts", line: 7 }],
    },
  ],
});

describe("[U] members typed with a generic class, and the accessors that hand back its type parameter", () => {
  it("records the wrapper and its arguments by class and member, and the accessors by class and method", () => {
    const found = facts(`import { Inject } from "@nestjs/common";
import { Repository } from "typeorm";
import { Holder } from "./holder";
import { Step } from "./step";
class Pair<A, B> {
  private first: A;
  constructor(readonly second: B) {}
  left(): A { return this.first; }
  right() { return this.second; }
  both(): [A, B] { return [this.first, this.second]; }
  named(key: string): A { return this.first; }
}
export class Desk {
  constructor(@Inject("X") private readonly held: Holder<Step>, private readonly rows: Repository<Step>, private readonly loose: Holder<string>) {}
}
`);
    expect(found.wrappedMembers).toEqual({
      "Desk.held": { wrapper: { specifier: "./holder", name: "Holder" }, args: [{ specifier: "./step", name: "Step" }] },
      "Desk.rows": { wrapper: { specifier: "typeorm", name: "Repository" }, args: [{ specifier: "./step", name: "Step" }] },
    });
    expect(found.typeParamAccessors).toEqual({ "Pair.left": 0, "Pair.right": 1 });
  });
});
