// Start-up and generation speed of create-service (issue: --version < 150 ms,
// a whole generation without install and git < 300 ms), next to `node -e 0`
// measured in the same run, so the figures can be read against the machine.
// Also `create-service upgrade` of a default service from the built-in template's previous release,
// unedited, so without conflicts (issue 19: under 1 s without install).
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { summarize, timeCommand } from "./lib.mjs";
import { rebuildVersion, removeFolder } from "../../dist/scaffold/template-history.js";

const BIN = fileURLToPath(new URL("../../bin/create-service.js", import.meta.url));
const SERVICE_TEMPLATE = fileURLToPath(new URL("../../templates/service", import.meta.url));

/** A default service generated with the service template's 0.1.0, kept pristine in `work/pristine`. */
function oldService(work) {
  const current = /^version: (\S+)$/m.exec(readFileSync(join(SERVICE_TEMPLATE, "template.yaml"), "utf8"))[1];
  const template = rebuildVersion(SERVICE_TEMPLATE, current, "0.1.0");
  try {
    execFileSync(process.execPath, [BIN, "pristine", "--template", template, "--yes", "--skip-install", "--skip-git"], { cwd: work, stdio: "ignore" });
  } finally {
    removeFolder(template);
  }
  return join(work, "pristine");
}

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
      summarize(
        "create-service upgrade x --yes --skip-install (0.1.0 -> 0.2.0, no conflicts)",
        (() => {
          const pristine = oldService(work);
          return timeCommand(node, [BIN, "upgrade", "x", "--yes", "--skip-install"], {
            runs,
            cwd: work,
            before: () => {
              rmSync(join(work, "x"), { recursive: true, force: true });
              cpSync(pristine, join(work, "x"), { recursive: true });
            },
          });
        })(),
        1000,
      ),
    ];
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
