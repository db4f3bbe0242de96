import { describe, expect, it } from "vitest";
import { topics } from "./messaging-facts.js";

describe("[U] messaging: Bull and BullMQ queues, AWS SQS and SNS", () => {
  describe("labelled bull", () => {
    it("bull: a queue's add produces, its process consumes", () => {
      expect(topics(`import Queue from "bull";\nconst emails = new Queue("email", process.env.REDIS_URL);\nexport async function send(m) { await emails.add({ to: m }); }\nemails.process(async (job) => job.data);\n`)).toEqual([
        "bull produce email",
        "bull consume email",
      ]);
    });

    it("bullmq: Queue.add and addBulk, new Worker", () => {
      expect(
        topics(`import { Queue, Worker } from "bullmq";
const reports = new Queue("reports", { connection });
await reports.add("daily", { day: 1 });
await reports.addBulk([{ name: "a", data: {} }]);
new Worker("reports", async (job) => {}, { connection });
`),
      ).toEqual(["bull produce reports", "bull produce reports", "bull consume reports"]);
    });

    it("@nestjs/bull: @InjectQueue members and @Processor classes", () => {
      expect(
        topics(`import { InjectQueue, Processor, Process } from "@nestjs/bull";
import { Queue } from "bull";
export class Mailer {
  constructor(@InjectQueue("mail") private readonly mail: Queue) {}
  send() { return this.mail.add("welcome", {}); }
}
@Processor("mail")
export class MailConsumer { @Process("welcome") handle(job) {} }
`),
      ).toEqual(["bull produce mail", "bull consume mail"]);
    });

    it("not a queue: Set.add, a Queue class from elsewhere", () => {
      expect(topics(`import { Queue } from "./my-queue";\nconst q = new Queue("x");\nq.add(1);\nconst s = new Set();\ns.add(2);\n`)).toEqual([]);
    });
  });

  describe("labelled sqs and sns", () => {
    it("@aws-sdk/client-sqs commands: the QueueUrl is the topic", () => {
      expect(
        topics(`import { SQSClient, SendMessageCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
await sqs.send(new SendMessageCommand({ QueueUrl: process.env.ORDERS_QUEUE_URL, MessageBody: "x" }));
await sqs.send(new ReceiveMessageCommand({ QueueUrl: process.env.ORDERS_QUEUE_URL, MaxNumberOfMessages: 10 }));
`),
      ).toEqual(["sqs produce $ORDERS_QUEUE_URL", "sqs consume $ORDERS_QUEUE_URL"]);
    });

    it("@aws-sdk/client-sns PublishCommand: the TopicArn", () => {
      expect(topics(`import { SNSClient, PublishCommand } from "@aws-sdk/client-sns";\nawait sns.send(new PublishCommand({ TopicArn: "arn:aws:sns:eu-west-1:1:orders", Message: "x" }));\n`)).toEqual([
        "sns produce arn:aws:sns:eu-west-1:1:orders",
      ]);
    });

    it("the v2 SDK and sqs-consumer", () => {
      expect(topics(`import AWS from "aws-sdk";\nawait sqs.sendMessage({ QueueUrl: URL_Q, MessageBody: "x" }).promise();\nawait sns.publish({ TopicArn: ARN, Message: "x" }).promise();\nconst URL_Q = "https://sqs/1/jobs";\nconst ARN = "arn:t";\n`)).toEqual([
        "sqs produce https://sqs/1/jobs",
        "sns produce arn:t",
      ]);
      expect(topics(`import { Consumer } from "sqs-consumer";\nconst app = Consumer.create({ queueUrl: process.env.Q, handleMessage: async () => {} });\n`)).toEqual(["sqs consume $Q"]);
    });

    it("not SQS: a command class of the same name from elsewhere", () => {
      expect(topics(`import { SendMessageCommand } from "./chat";\nbus.send(new SendMessageCommand({ QueueUrl: "x" }));\n`)).toEqual([]);
    });
  });
});

describe("[I] messaging: an SQS queue and an SNS topic by name", () => {
  it("producer and consumer meet on the queue's name, whichever endpoint each URL names", async () => {
    const { lintTree, service } = await import("../helpers.js");
    const result = lintTree({
      "docker-compose.yml": `services:\n  orders:\n    build: ./orders\n    environment:\n      ORDERS_QUEUE_URL: http://localstack:4566/000000000000/orders-placed\n  billing:\n    build: ./billing\n`,
      ...service("orders", ["@aws-sdk/client-sqs", "@aws-sdk/client-sns", "express"], {
        "src/server.ts": `import express from "express";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { PublishCommand } from "@aws-sdk/client-sns";
const app = express();
app.post("/v1/orders", async () => {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.ORDERS_QUEUE_URL, MessageBody: "{}" }));
  await sns.send(new PublishCommand({ TopicArn: "arn:aws:sns:eu-west-1:123456789012:order-events", Message: "{}" }));
});
app.listen(3000);
`,
      }),
      ...service("billing", ["sqs-consumer"], {
        "src/server.ts": `import { Consumer } from "sqs-consumer";\nConsumer.create({ queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-placed", handleMessage: async () => {} }).start();\n`,
      }),
    });
    expect(result.model.topics.map((t) => `${t.service} ${t.system} ${t.role} ${t.topic}`).sort()).toEqual([
      "billing sqs consume orders-placed",
      "orders sns produce order-events",
      "orders sqs produce orders-placed",
    ]);
  });
});
