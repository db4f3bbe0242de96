// Start-up and generation speed of create-service (issue: --version < 150 ms,
// a whole generation without install and git < 300 ms), next to `node -e 0`
// measured in the same run, so the figures can be read against the machine.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { summarize, timeCommand } from "./lib.mjs";

const BIN = fileURLToPath(new URL("../../bin/create-service.js", import.meta.url));

export default function benchCreateService({ runs }) {
  const node = process.execPath;
  const work = mkdtempSync(join(tmpdir(), "create-service-bench-"));
  try {
    const results = [
      summarize("node -e 0", timeCommand(node, ["-e", "0"], { runs })),
      summarize("create-service --version", timeCommand(node, [BIN, "--version"], { runs }), 150),
      summarize("create-service --help", timeCommand(node, [BIN, "--help"], { runs })),
      summarize(
        "create-service x --yes --skip-install --skip-git",
        timeCommand(node, [BIN, "x", "--yes", "--skip-install", "--skip-git"], {
          runs,
          cwd: work,
          before: () => rmSync(join(work, "x"), { recursive: true, force: true }),
        }),
        300,
      ),
      summarize(
        "create-service x --dry-run --yes",
        timeCommand(node, [BIN, "x", "--dry-run", "--yes"], { runs, cwd: work, before: () => rmSync(join(work, "x"), { recursive: true, force: true }) }),
      ),
    ];
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
