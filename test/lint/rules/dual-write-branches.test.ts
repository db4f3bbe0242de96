import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A write and a publish that sit in branches which never both run for one request are no dual write: the two arms of
 * one `if`, `?:` or `switch`, or a publish in an arm that returns before the write is reached (a failure event sent
 * before an early return). A write before such an arm, or an arm that does not return, still pairs.
 */

/** A billing service (express, mysql2, amqplib); `body` starts at line 8 of src/app.ts. */
const billing = (body: string): Tree => ({
  "docker-compose.yml": `services:\n  billing:\n    build: ./services/billing\n`,
  ...service("services/billing", ["express", "mysql2", "amqplib"], {
    "src/app.ts": `import express from "express";\nimport mysql from "mysql2/promise";\nimport amqp from "amqplib";\nconst pool = mysql.createPool(process.env.DATABASE_URL!);\nconst channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();\nconst notify = (queue: string, body: object) => channel.sendToQueue(queue, Buffer.from(JSON.stringify(body)));\nconst app = express();\n${body}\napp.listen(3000);\n`,
  }),
});

ruleTester("dual-write", {
  valid: [
    {
      name: "ifs in a row testing one value against different constants (a dispatch by action): one writes, another publishes",
      files: billing(
        `const VOID = "void";\nconst REMIND = "remind";\nasync function remind(id: string) {\n  notify("invoice-reminder", { id });\n}\napp.post("/v1/invoices/:id/actions", async (req, res) => {\n  if (req.body.action === VOID) {\n    await pool.execute("DELETE FROM invoices WHERE id = ?", [req.params.id]);\n  }\n  if (req.body.action === REMIND) {\n    await remind(req.params.id);\n  }\n  if ("audit" === req.body.action) console.log(req.params.id);\n  res.end();\n});`,
      ),
    },
    {
      name: "the write in one arm of an if, the publish in the other",
      files: billing(
        `app.post("/v1/invoices", async (req, res) => {\n  if (req.body.draft) {\n    notify("invoice-drafted", req.body);\n  } else {\n    await pool.execute("INSERT INTO invoices (id) VALUES (?)", [req.body.id]);\n  }\n  res.end();\n});`,
      ),
    },
    {
      name: "a conditional expression choosing between a function that writes and one that publishes",
      files: billing(
        `async function store(id: string) {\n  await pool.execute("INSERT INTO invoices (id) VALUES (?)", [id]);\n}\nasync function forward(id: string) {\n  notify("invoice-requested", { id });\n}\napp.post("/v1/invoices", (req, res) => {\n  return req.query.local ? store(req.body.id) : forward(req.body.id);\n});`,
      ),
    },
    {
      name: "a failure event published in an arm that returns, before the only write",
      files: billing(
        `app.post("/v1/invoices/:id/pay", async (req, res) => {\n  if (!req.body.signature) {\n    notify("payment-rejected", { id: req.params.id });\n    return res.status(400).end();\n  }\n  await pool.execute("UPDATE invoices SET paid = 1 WHERE id = ?", [req.params.id]);\n  res.end();\n});`,
      ),
    },
    {
      name: "a switch whose clauses each return: one writes, another publishes",
      files: billing(
        `app.post("/v1/invoices/:id/:action", async (req, res) => {\n  switch (req.params.action) {\n    case "void":\n      await pool.execute("DELETE FROM invoices WHERE id = ?", [req.params.id]);\n      return res.end();\n    case "remind":\n      notify("invoice-reminder", { id: req.params.id });\n      return res.end();\n  }\n  res.status(404).end();\n});`,
      ),
    },
  ],
  invalid: [
    {
      name: "the early failure event is passed over: the finding is the publish that follows the write",
      files: billing(
        `app.post("/v1/invoices/:id/pay", async (req, res) => {\n  if (!req.body.signature) {\n    notify("payment-rejected", { id: req.params.id });\n    return res.status(400).end();\n  }\n  await pool.execute("UPDATE invoices SET paid = 1 WHERE id = ?", [req.params.id]);\n  notify("payment-accepted", { id: req.params.id });\n  res.end();\n});`,
      ),
      errors: [{ messageId: "dualWrite", line: 14, data: { topic: "payment-accepted" } }],
    },
    {
      name: "a publish in an arm that does not return still follows the write after the if",
      files: billing(
        `app.post("/v1/invoices/:id/pay", async (req, res) => {\n  if (req.body.late) {\n    notify("payment-late", { id: req.params.id });\n  }\n  await pool.execute("UPDATE invoices SET paid = 1 WHERE id = ?", [req.params.id]);\n  res.end();\n});`,
      ),
      errors: [{ messageId: "dualWrite", line: 10, data: { topic: "payment-late" } }],
    },
    {
      name: "a write made before the if pairs with the publish of an arm that returns",
      files: billing(
        `app.post("/v1/invoices/:id/pay", async (req, res) => {\n  await pool.execute("UPDATE invoices SET paid = 1 WHERE id = ?", [req.params.id]);\n  if (req.body.notify) {\n    notify("payment-accepted", { id: req.params.id });\n    return res.end();\n  }\n  res.status(204).end();\n});`,
      ),
      errors: [{ messageId: "dualWrite", line: 11, data: { topic: "payment-accepted" } }],
    },
    {
      name: "ifs in a row that test one value against the same constant, or test two values, are no dispatch: both may run",
      files: billing(
        `app.post("/v1/invoices/:id/actions", async (req, res) => {\n  if (req.body.action === "void") {\n    await pool.execute("DELETE FROM invoices WHERE id = ?", [req.params.id]);\n  }\n  if (req.body.action === "void") {\n    notify("invoice-voided", { id: req.params.id });\n  }\n  if (req.body.kind === "paper") {\n    notify("invoice-printed", { id: req.params.id });\n  }\n  res.end();\n});`,
      ),
      errors: [{ messageId: "dualWrite", line: 13, data: { topic: "invoice-voided" } }],
    },
  ],
});

/**
 * A try block and its catch handler: the handler runs only when the block threw, so what it publishes (a retry of the
 * message, a failure event) answers the block's failure, not its write's success (acc23a). Both in the block still pair.
 */
ruleTester("dual-write", {
  valid: [
    {
      name: "the write in the try block, a retry published in the catch handler",
      files: billing(
        `async function settle(id: string) {\n  await pool.execute("UPDATE invoices SET paid = 1 WHERE id = ?", [id]);\n}\napp.post("/v1/invoices/:id/settle", async (req, res) => {\n  try {\n    await settle(req.params.id);\n    res.end();\n  } catch (error) {\n    notify("invoice-settle-retry", { id: req.params.id });\n    res.status(202).end();\n  }\n});`,
      ),
    },
  ],
  invalid: [
    {
      name: "the write and the publish both in the try block pair; the catch handler's failure event does not",
      files: billing(
        `app.post("/v1/invoices/:id/settle", async (req, res) => {\n  try {\n    await pool.execute("UPDATE invoices SET paid = 1 WHERE id = ?", [req.params.id]);\n    notify("invoice-settled", { id: req.params.id });\n    res.end();\n  } catch (error) {\n    notify("invoice-settle-failed", { id: req.params.id });\n    throw error;\n  }\n});`,
      ),
      errors: [{ messageId: "dualWrite", line: 11, data: { topic: "invoice-settled" } }],
    },
  ],
});
