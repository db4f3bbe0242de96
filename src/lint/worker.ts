import { parentPort, workerData } from "node:worker_threads";
import { processSources, type SourceEntry, type SourceOptions } from "./sources.js";

/** A worker thread of lintParallel: claims chunks of the source files from the shared queue and extracts their facts. */
const { entries, options, queue } = workerData as { entries: SourceEntry[]; options: SourceOptions; queue: SharedArrayBuffer };
parentPort!.postMessage(processSources(entries, options, new Int32Array(queue)));
