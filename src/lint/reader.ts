import { workerData, type MessagePort } from "node:worker_threads";
import { readChunk } from "./read.js";
import type { SourceEntry } from "./sources.js";

/**
 * The reader thread of a single-threaded scan (see ChunkReader in
 * sources.ts): reads and prefilters the source files, chunk by chunk, ahead
 * of the main thread, which then only parses. It loads no compiler, so it
 * starts in a few milliseconds and costs the other core little.
 */
const { entries, prefilter, maxFileSize, control, port, chunk } = workerData as {
  entries: SourceEntry[];
  prefilter: boolean;
  maxFileSize: number;
  /** [0]: the next unclaimed index (the main thread claims too); [1]: chunks posted so far. */
  control: SharedArrayBuffer;
  port: MessagePort;
  chunk: number;
};
const shared = new Int32Array(control);
for (let start = Atomics.add(shared, 0, chunk); start < entries.length; start = Atomics.add(shared, 0, chunk)) {
  port.postMessage({ start, outcomes: readChunk(entries, start, Math.min(start + chunk, entries.length), prefilter, maxFileSize) });
  Atomics.add(shared, 1, 1);
  Atomics.notify(shared, 1);
}
