import { parentPort, workerData } from "node:worker_threads";
import { processSources, type SourceEntry, type SourceOptions } from "./sources.js";

/** A worker thread of lintParallel: reads, parses and extracts its share of the source files. */
const { entries, options } = workerData as { entries: SourceEntry[]; options: SourceOptions };
parentPort!.postMessage(processSources(entries, options));
