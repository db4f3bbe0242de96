// Types of the arch-lint bench's exports that tests use (the suite itself is plain JavaScript, run by `npm run bench`).

/** The absolute paths of the source files the scan reads in `repo`. */
export function scannedSources(repo: string): Promise<string[]>;

export default function benchArchLint(options?: { runs?: number; services?: number; files?: number; keep?: boolean; repo?: string }): Promise<{ label: string; median: number; ratio?: number; target?: number }[]>;
