import module from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import type { SourceEntry, SourceOptions } from "./sources.js";

/** A worker thread of lintParallel: claims chunks of the source files from the shared queue and extracts their facts. */
try {
  module.enableCompileCache?.();
} catch {
  // Only costs speed.
}
const { processSources } = await import("./sources.js");
const { entries, options, queue } = workerData as { entries: SourceEntry[]; options: SourceOptions; queue: SharedArrayBuffer };
parentPort!.postMessage(processSources(entries, options, new Int32Array(queue)));
