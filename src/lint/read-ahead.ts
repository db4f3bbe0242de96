import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { readChunk, type ReadOutcome } from "./read.js";
import type { SourceEntry, SourceOptions } from "./sources.js";

/** How long the main thread waits for a chunk the reader thread claimed before reading it itself. */
const WAIT_MS = 200;

/**
 * The source files' texts, read ahead by a reader thread (reader.ts) while
 * the main thread parses: reading and prefiltering 10,000 files is about 5%
 * of a scan, which the other core does instead. The main thread takes chunks
 * in order, synchronously (receiveMessageOnPort, no event loop turn); a chunk
 * not read yet it claims and reads itself (as while the reader starts), and
 * one the reader has claimed it waits for, briefly: after WAIT_MS it reads the
 * chunk itself, so a reader that fails only costs time, never a result.
 */
export class ChunkReader {
  private readonly ready = new Map<number, ReadOutcome[]>();
  private readonly shared = new Int32Array(new SharedArrayBuffer(8));
  private readonly port: MessagePort;
  private readonly worker: Worker;

  constructor(
    private readonly entries: readonly SourceEntry[],
    private readonly options: SourceOptions,
    readonly chunkSize: number,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(new URL("./reader.js", import.meta.url), {
      workerData: { entries, prefilter: options.prefilter, maxFileSize: options.maxFileSize, control: this.shared.buffer, port: port2, chunk: chunkSize },
      transferList: [port2],
      // None of the process's flags: those meant for the main script (`--input-type`, `--eval`) make a worker fail to
      // start, and V8 flags (`node --max-old-space-size=4096`) make its constructor throw; it needs neither.
      execArgv: [],
    });
    this.worker.unref();
    // A reader that fails to start is read around (see chunk); its error must not end the process.
    this.worker.on("error", () => {});
  }

  /** The outcomes of entries[start, start + chunkSize). */
  chunk(start: number): ReadOutcome[] {
    for (;;) {
      const found = this.ready.get(start);
      if (found) {
        this.ready.delete(start);
        return found;
      }
      const posted = Atomics.load(this.shared, 1);
      const message = receiveMessageOnPort(this.port);
      if (message) {
        const { start: at, outcomes } = message.message as { start: number; outcomes: ReadOutcome[] };
        this.ready.set(at, outcomes);
        continue;
      }
      const claimed = Atomics.add(this.shared, 0, this.chunkSize);
      if (claimed < this.entries.length) {
        this.ready.set(claimed, this.read(claimed));
        continue;
      }
      // Every chunk is claimed and this one is the reader's: wait for it to be posted.
      if (Atomics.wait(this.shared, 1, posted, WAIT_MS) === "timed-out") return this.read(start);
    }
  }

  /** The reader is no longer needed (its remaining messages are dropped). */
  close(): void {
    this.port.close();
    void this.worker.terminate();
  }

  private read(start: number): ReadOutcome[] {
    return readChunk(this.entries, start, Math.min(start + this.chunkSize, this.entries.length), this.options.prefilter, this.options.maxFileSize);
  }
}
