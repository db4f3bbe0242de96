import type { FileSet, ReadText } from "./files.js";
import type { PackageInfo } from "./packages.js";
import { entryFiles } from "./barrel-entry.js";

/**
 * A package whose start script runs a broker's set-up script (`node admin.js` creating Kafka topics with kafkajs's admin
 * client, or RabbitMQ exchanges and queues it asserts) runs once and exits: a tool, not a service, though its broker
 * client looks like a consumer's. Read from the text of the files it starts: an admin client or declarations only, and
 * no producer, consumer, subscription, message handler or server.
 */
export function startsOnlyBrokerSetup(pkg: Pick<PackageInfo, "dir" | "scripts" | "main">, fileSet: FileSet, read: ReadText): boolean {
  const entries = entryFiles(pkg, fileSet);
  return entries.length > 0 && entries.every((file) => isBrokerSetup(read(file)));
}

/** Topics created by an admin client (or by a wrapper of the project named for it, `producer.createTopic(list)`), or exchanges and queues declared and bound. */
const SETUP = /\.admin\s*\(|\.createTopics?\s*\(|\.assertExchange\s*\(|\.assertQueue\s*\(/;
/** What a running service does with a broker or a network: produce, consume, subscribe, handle, listen. */
const RUNS = /\.(?:producer|consumer|subscribe|run|consume|publish|sendToQueue|send|on|listen|createServer|process|add)\s*\(|\bnew\s+(?:Worker|Server)\b|express\s*\(|fastify\s*\(|new\s+Koa\b|NestFactory\b/;

function isBrokerSetup(text: string | undefined): boolean {
  return text !== undefined && SETUP.test(text) && !RUNS.test(text);
}
