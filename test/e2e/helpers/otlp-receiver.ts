/**
 * A small OTLP/HTTP trace receiver: collects what exporters POST to /v1/traces. It reads
 * OTLP/JSON (`application/json`), which the generated services send when started with
 * OTEL_EXPORTER_OTLP_PROTOCOL=http/json (their default is protobuf); a protobuf body is
 * refused with 415 and counted, so a service that ignores the setting shows up as an explicit
 * failure rather than as missing spans.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { gunzipSync } from "node:zlib";

export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
}

interface OtlpAnyValue {
  stringValue?: string;
}
interface OtlpJson {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value?: OtlpAnyValue }[] };
    scopeSpans?: { spans?: { traceId?: string; spanId?: string; parentSpanId?: string; name?: string; kind?: number }[] }[];
  }[];
}

/** OTLP/JSON ids are hex; some encoders send base64 (the protobuf JSON mapping): accept both. */
function hexId(id: string | undefined): string {
  if (!id) return "";
  if (/^[0-9a-fA-F]+$/.test(id) && (id.length === 32 || id.length === 16)) return id.toLowerCase();
  return Buffer.from(id, "base64").toString("hex");
}

export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly rejected: string[] = [];
  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<OtlpReceiver> {
    let receiver: OtlpReceiver | undefined;
    const server = createServer((request, response) => {
      void (async () => {
        const body = await readBody(request);
        if (request.method !== "POST" || request.url !== "/v1/traces") {
          response.writeHead(404).end();
          return;
        }
        const type = request.headers["content-type"] ?? "";
        if (!type.includes("json")) {
          receiver?.rejected.push(`content-type ${type}`);
          response.writeHead(415).end();
          return;
        }
        try {
          receiver?.collect(JSON.parse(body.toString("utf8")) as OtlpJson);
          response.writeHead(200, { "content-type": "application/json" }).end("{}");
        } catch (error) {
          receiver?.rejected.push(String(error));
          response.writeHead(400).end();
        }
      })().catch(() => response.destroy());
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const address = server.address();
    if (!address || typeof address === "string") throw new Error("OTLP receiver: no port");
    receiver = new OtlpReceiver(server, `http://127.0.0.1:${address.port}`);
    return receiver;
  }

  private collect(payload: OtlpJson): void {
    for (const resourceSpans of payload.resourceSpans ?? []) {
      const service = resourceSpans.resource?.attributes?.find((a) => a.key === "service.name")?.value?.stringValue ?? "";
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.spans.push({
            service,
            traceId: hexId(span.traceId),
            spanId: hexId(span.spanId),
            parentSpanId: hexId(span.parentSpanId),
            name: span.name ?? "",
            kind: span.kind ?? 0,
          });
        }
      }
    }
  }

  trace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return request.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body;
}
