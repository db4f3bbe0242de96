import { ts } from "../../ts.js";
import type { MessagingSystem } from "../../types.js";
import type { Extractor } from "../extractor.js";
import { propertyNamed } from "../context.js";
import { pushTopicOf, type Role } from "./topic.js";

/**
 * AWS SQS and SNS: the v3 SDK's commands (`new SendMessageCommand({ QueueUrl })`,
 * `new ReceiveMessageCommand({ QueueUrl })`, `new PublishCommand({ TopicArn })`),
 * the v2 SDK's methods (`sqs.sendMessage({ QueueUrl })`, `sns.publish({ TopicArn })`),
 * and sqs-consumer / sqs-producer (`Consumer.create({ queueUrl })`, `Producer.create({ queueUrl })`).
 * The queue's URL (or the topic's ARN) is the topic.
 */

const SQS = ["@aws-sdk/client-sqs"];
const SNS = ["@aws-sdk/client-sns"];
const SDK_V2 = ["aws-sdk"];
const SQS_TOOLS = ["sqs-consumer", "sqs-producer", "@ssut/sqs-consumer"];

const COMMANDS: Record<string, { system: MessagingSystem; role: Role; key: string; modules: readonly string[] }> = {
  SendMessageCommand: { system: "sqs", role: "produce", key: "QueueUrl", modules: SQS },
  SendMessageBatchCommand: { system: "sqs", role: "produce", key: "QueueUrl", modules: SQS },
  ReceiveMessageCommand: { system: "sqs", role: "consume", key: "QueueUrl", modules: SQS },
  PublishCommand: { system: "sns", role: "produce", key: "TopicArn", modules: SNS },
  PublishBatchCommand: { system: "sns", role: "produce", key: "TopicArn", modules: SNS },
};

const V2_METHODS: Record<string, { system: MessagingSystem; role: Role; key: string }> = {
  sendMessage: { system: "sqs", role: "produce", key: "QueueUrl" },
  sendMessageBatch: { system: "sqs", role: "produce", key: "QueueUrl" },
  receiveMessage: { system: "sqs", role: "consume", key: "QueueUrl" },
  publish: { system: "sns", role: "produce", key: "TopicArn" },
};

export const aws: Extractor = {
  family: "messaging-aws",
  callProperties: [...Object.keys(V2_METHODS), "create"],
  call(node, ctx) {
    const callee = node.expression;
    const first = node.arguments[0];
    if (!ts.isPropertyAccessExpression(callee) || !first || !ts.isObjectLiteralExpression(first)) return;
    const name = callee.name.text;
    if (name === "create") {
      if (!ctx.importsAny(SQS_TOOLS) || !ts.isIdentifier(callee.expression)) return;
      const role = ctx.isImportFrom(callee.expression, SQS_TOOLS, ["Consumer"]) ? "consume" : ctx.isImportFrom(callee.expression, SQS_TOOLS, ["Producer"]) ? "produce" : undefined;
      if (role) pushTopicOf(ctx, node, "sqs", role, propertyNamed(first, "queueUrl"));
      return;
    }
    const method = V2_METHODS[name];
    if (method && ctx.importsAny(SDK_V2)) pushTopicOf(ctx, node, method.system, method.role, propertyNamed(first, method.key));
  },
  newExpression(node, ctx) {
    if (!ts.isIdentifier(node.expression)) return;
    const command = COMMANDS[node.expression.text];
    const first = node.arguments?.[0];
    if (!command || !first || !ts.isObjectLiteralExpression(first) || !ctx.importsAny(command.modules)) return;
    pushTopicOf(ctx, node, command.system, command.role, propertyNamed(first, command.key));
  },
};
