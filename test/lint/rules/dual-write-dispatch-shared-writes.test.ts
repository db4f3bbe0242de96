import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A kafkajs consumer of a wallet service takes three topics and dispatches on the topic to one named function each
 * (`onTopUp`, `onSpend`, `onFreeze`). Top-ups and spends both book their line through one store function
 * (`addLine`), then each announces its own event; freezing updates the wallet and announces that. Each named function
 * is its own fix. The search keeps one path to `addLine`, through whichever named function it met first: the pair of
 * the other one must still be seen, through the publish's own named function.
 */
const TOP_UP = `  await addLine(body.wallet, body.cents);\n  await producer.send({ topic: "wallet.credited", messages: [{ value: JSON.stringify(body) }] });`;
const FREEZE = `  await setFrozen(body.wallet);\n  await producer.send({ topic: "wallet.frozen", messages: [{ value: JSON.stringify(body) }] });`;

const wallet = (spend: string, topUp = TOP_UP, freeze = FREEZE): Tree => ({
  "docker-compose.yml": `services:\n  wallet:\n    build: ./wallet\n`,
  ...service("wallet", ["kafkajs", "pg"], {
    "src/server.ts": `import { listen } from "./consumer";\nvoid listen();\n`,
    "src/bus.ts": `import { Kafka } from "kafkajs";\nconst kafka = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] });\nexport const producer = kafka.producer();\nexport const consumer = kafka.consumer({ groupId: "wallet" });\n`,
    "src/consumer.ts": `import { consumer, producer } from "./bus";\nimport { dispatch } from "./dispatch";\nexport async function listen() {\n  await producer.connect();\n  await consumer.connect();\n  await consumer.subscribe({ topics: ["wallet.topup", "wallet.spend", "wallet.freeze"] });\n  await consumer.run({\n    eachMessage: async ({ topic, message }) => {\n      await dispatch(topic, JSON.parse(String(message.value)));\n    },\n  });\n}\n`,
    "src/dispatch.ts": `import { onFreeze, onSpend, onTopUp } from "./handlers";\nexport async function dispatch(topic: string, body: { wallet: string; cents: number }) {\n  switch (topic) {\n    case "wallet.topup":\n      await onTopUp(body);\n      break;\n    case "wallet.spend":\n      await onSpend(body);\n      break;\n    case "wallet.freeze":\n      await onFreeze(body);\n      break;\n  }\n}\n`,
    "src/store.ts": `import { Pool } from "pg";\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nexport async function addLine(wallet: string, cents: number) {\n  await pool.query("INSERT INTO wallet_lines (wallet, cents) VALUES ($1, $2)", [wallet, cents]);\n}\nexport async function setFrozen(wallet: string) {\n  await pool.query("UPDATE wallets SET frozen = true WHERE id = $1", [wallet]);\n}\n`,
    "src/handlers.ts": `import { producer } from "./bus";\nimport { addLine, setFrozen } from "./store";\ntype Body = { wallet: string; cents: number };\nexport async function onTopUp(body: Body) {\n${topUp}\n}\nexport async function onSpend(body: Body) {\n${spend}\n}\nexport async function onFreeze(body: Body) {\n${freeze}\n}\n`,
  }),
});

const found = (topic: string, line: number) => ({ messageId: "dualWrite", file: "wallet/src/handlers.ts", line, data: { service: "wallet", system: "kafka", topic } });

ruleTester("dual-write", {
  valid: [
    {
      name: "the handlers that book only book, the ones that announce only announce: no handler pairs the two",
      files: wallet(
        `  await producer.send({ topic: "wallet.debited", messages: [{ value: JSON.stringify(body) }] });`,
        `  await addLine(body.wallet, body.cents);`,
        `  await producer.send({ topic: "wallet.frozen", messages: [{ value: JSON.stringify(body) }] });`,
      ),
    },
  ],
  invalid: [
    {
      name: "two named handlers book through one store function, then each announces its own event: a finding each",
      files: wallet(`  await addLine(body.wallet, -body.cents);\n  await producer.send({ topic: "wallet.debited", messages: [{ value: JSON.stringify(body) }] });`),
      errors: [found("wallet.credited", 6), found("wallet.debited", 10), found("wallet.frozen", 14)],
    },
    {
      name: "the spend handler only announces (the store function's write belongs to the top-up handler)",
      files: wallet(`  await producer.send({ topic: "wallet.debited", messages: [{ value: JSON.stringify(body) }] });`),
      errors: [found("wallet.credited", 6), found("wallet.frozen", 13)],
    },
  ],
});
