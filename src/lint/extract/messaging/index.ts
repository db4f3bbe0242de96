import type { Extractor } from "../extractor.js";
import { kafka } from "./kafka.js";
import { amqp } from "./amqp.js";
import { amqpTs } from "./amqp-ts.js";
import { nodeAmqp } from "./node-amqp.js";
import { nestjsRmq } from "./nestjs-rmq.js";
import { nats } from "./nats.js";
import { bull } from "./bull.js";
import { aws } from "./aws.js";
import { gcpPubsub } from "./gcp-pubsub.js";
import { encorePubsub } from "./encore-pubsub.js";
import { nestMicroservices } from "./nest-microservices.js";
import { subclassTopics } from "./subclass-topics.js";
import { messagingObjects } from "./objects.js";
import { pubsub, redisData, redisKeysVia } from "./pubsub.js";
import { brokerAddresses } from "./broker-addresses.js";
import { redisStreams } from "./redis-streams.js";

/**
 * Asynchronous edges (and request-reply over a broker or socket), one
 * extractor per transport family. Each topic names its real transport
 * (MessagingSystem): a NestJS TCP pattern is not a Kafka topic.
 */
export const MESSAGING_EXTRACTORS: readonly Extractor[] = [kafka, amqp, amqpTs, nodeAmqp, nestjsRmq, nats, pubsub, redisData, redisKeysVia, redisStreams, bull, aws, gcpPubsub, encorePubsub, nestMicroservices, subclassTopics, messagingObjects, brokerAddresses];
