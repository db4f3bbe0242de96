import {
  Admin,
  Consumer,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  stringDeserializers,
  stringSerializers,
  type Message,
  type MessagesStream,
} from "@platformatic/kafka";

/**
 * The one module that knows which Kafka client the service uses
 * (@platformatic/kafka: pure JavaScript, maintained, idempotent producer,
 * consumer groups with manual commits). The outbox relay and the consumers
 * see only EventPublisher and EventSubscriber, so tests drive them with fakes
 * and the end-to-end tests drive this module against a real broker unchanged.
 */

export type Headers = Record<string, string>;

export interface OutgoingEvent {
  topic: string;
  key: string;
  /** JSON text. */
  value: string;
  headers: Headers;
}

export interface IncomingEvent {
  topic: string;
  partition: number;
  offset: bigint;
  key: string;
  value: string;
  headers: Headers;
}

export interface EventPublisher {
  /** Resolves once the broker acknowledged the event (acks=all); rejects otherwise. */
  publish(event: OutgoingEvent): Promise<void>;
  close(): Promise<void>;
}

export interface EventSubscriber {
  /**
   * Delivers events one at a time to `handle`; the offset is committed after
   * `handle` resolves, so an event whose handling never finished is delivered again.
   */
  run(topics: readonly string[], handle: (event: IncomingEvent) => Promise<void>, onSubscribed?: () => void): Promise<void>;
  close(): Promise<void>;
}

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
}

export function createKafkaPublisher(options: KafkaOptions): EventPublisher {
  const producer = new Producer({
    clientId: options.clientId,
    bootstrapBrokers: options.brokers,
    serializers: stringSerializers,
    // Idempotent with acks from every in-sync replica: a retried send is never written twice.
    idempotent: true,
    acks: ProduceAcks.ALL,
    // The relay owns retries and backoff; the client only retries a little before telling it.
    retries: 2,
    timeout: 10_000,
    // Topics are created on purpose (infrastructure code, or docker compose's kafka-init), never by a typo.
    autocreateTopics: false,
  });
  return {
    async publish(event) {
      await producer.send({ messages: [{ topic: event.topic, key: event.key, value: event.value, headers: event.headers }] });
    },
    close: () => producer.close(),
  };
}

export interface SubscriberOptions extends KafkaOptions {
  groupId: string;
  /** How long the group waits for a silent member (a killed replica) before handing its partitions to another. */
  sessionTimeoutMs?: number;
}

export function createKafkaSubscriber(options: SubscriberOptions): EventSubscriber {
  const consumer = new Consumer({
    clientId: options.clientId,
    groupId: options.groupId,
    bootstrapBrokers: options.brokers,
    ...(options.sessionTimeoutMs === undefined
      ? {}
      : // The client insists on a rebalance timeout at least as long as the session; 102 s is its own default.
        { sessionTimeout: options.sessionTimeoutMs, rebalanceTimeout: Math.max(options.sessionTimeoutMs, 102_000) }),
    deserializers: stringDeserializers,
  });
  let stream: MessagesStream<string, string, string, string> | undefined;
  return {
    async run(topics, handle, onSubscribed) {
      stream = await consumer.consume({
        topics: [...topics],
        autocommit: false,
        mode: MessagesStreamModes.COMMITTED,
        fallbackMode: MessagesStreamFallbackModes.EARLIEST,
      });
      onSubscribed?.();
      for await (const message of stream as AsyncIterable<Message<string, string, string, string>>) {
        await handle({
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
          key: message.key ?? "",
          value: message.value ?? "",
          headers: Object.fromEntries(message.headers),
        });
        await message.commit();
      }
    },
    async close() {
      await stream?.close();
      await consumer.close();
    },
  };
}

/**
 * Creates the topics that do not exist yet. For development and tests; in
 * production, topics (partitions, retention, ACLs) usually belong to
 * infrastructure code.
 */
export async function ensureTopics(options: KafkaOptions, topics: readonly string[], settings = { partitions: 3, replicas: 1 }): Promise<void> {
  const admin = new Admin({ clientId: options.clientId, bootstrapBrokers: options.brokers });
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) await admin.createTopics({ topics: missing, partitions: settings.partitions, replicas: settings.replicas });
  } finally {
    await admin.close();
  }
}
