import { posix } from "node:path";
import type { ServiceInfo } from "../types.js";
import { fileRunBy, scannedSourceOf } from "../discover/run-command.js";

/**
 * One package that deployment files run as several services, each on a file of its own: compose entries of one build
 * whose `command` is `npm run ledger` and `npm run payouts` (scripts running `nodemon ledger.js`, `node payouts.js`), or
 * `node dist/payouts.js` built from `src/payouts.ts`. Without this, the first listed owns every file of the package and
 * the others are said to be counted with it. With it, each owns the file it starts (ServiceInfo.entry) and the
 * package's other files are shared by the entries that import them, as for a package started by hand
 * (model/entry-services.ts). All or nothing per package: when one of them names no file of the package, or two
 * start the same file (replicas of one program), the package stays as it was, and the diagnostic says so.
 */

/** `npm run ledger`, `yarn ledger`, `pnpm run ledger`, `npm start`. */
const PACKAGE_SCRIPT = /^(?:npm|pnpm|yarn|bun)\s+(?:run(?:-script)?\s+)?([\w:.-]+)\s*$/;

export function splitDeployedEntries(services: readonly ServiceInfo[], hasFile: (file: string) => boolean): ServiceInfo[] {
  const groups = new Map<string, ServiceInfo[]>();
  for (const service of services) {
    if (service.entry !== undefined || service.ownedFiles !== undefined || service.language || service.replicated) continue;
    groups.set(service.root, [...(groups.get(service.root) ?? []), service]);
  }
  const entries = new Map<ServiceInfo, string>();
  for (const group of groups.values()) {
    if (group.length < 2 || services.filter((s) => s.root === group[0]!.root).length !== group.length) continue;
    const files = group.map((service) => startedFile(service, hasFile));
    // No command written at all (a Dockerfile the compose file names is not committed): a service named like a file of
    // the package starts that file, and the one left, if one is, the package's start script.
    group.forEach((service, i) => {
      if (files[i] === null) files[i] = namedFile(service, hasFile) ?? null;
    });
    const unnamed = files.filter((file) => file === null).length;
    if (unnamed === 1) {
      const start = startScriptFile(group[0]!, hasFile);
      files[files.indexOf(null)] = start !== undefined && !files.includes(start) ? start : undefined;
    }
    if (files.some((file) => file === undefined || file === null) || new Set(files).size !== files.length) continue;
    group.forEach((service, i) => entries.set(service, files[i] as string));
  }
  if (!entries.size) return [...services];
  return services.map((service) => (entries.has(service) ? { ...service, entry: entries.get(service)! } : service));
}

/**
 * The source file a service's own start command (compose, Kubernetes, then its Dockerfile) runs, through package
 * scripts; undefined when it names none, null when no command of its own is written.
 */
function startedFile(service: ServiceInfo, hasFile: (file: string) => boolean): string | undefined | null {
  const starts = service.starts ?? [];
  const own = starts.filter((start) => start.script === undefined && !start.location.file.endsWith("package.json"));
  own.sort((a, b) => Number(/dockerfile/i.test(posix.basename(a.location.file))) - Number(/dockerfile/i.test(posix.basename(b.location.file))));
  const first = own[0];
  if (!first) return null;
  return fileOfScript(service, first.command, hasFile);
}

/** The file a command runs, through the package's scripts (`npm run ledger` → `nodemon ledger.js`). */
function fileOfScript(service: ServiceInfo, text: string, hasFile: (file: string) => boolean): string | undefined {
  const scripts = new Map((service.starts ?? []).filter((start) => start.script !== undefined).map((start) => [start.script!, start.command]));
  let command = text.trim();
  for (let hops = 0; hops < 3; hops++) {
    const script = PACKAGE_SCRIPT.exec(command);
    if (!script) break;
    const next = scripts.get(script[1]!);
    if (next === undefined) return undefined;
    command = next.trim();
  }
  const file = fileRunBy(command);
  return file === undefined ? undefined : scannedSourceOf(service.root, file, hasFile);
}

/** A file of the package named as the service is (`ledger` → `ledger.js`, `src/ledger.ts`). */
function namedFile(service: ServiceInfo, hasFile: (file: string) => boolean): string | undefined {
  for (const folder of ["", "src/"]) {
    const found = scannedSourceOf(service.root, `${folder}${service.name}`, hasFile);
    if (found) return found;
  }
  return undefined;
}

/** The file the package's `start` script runs. */
function startScriptFile(service: ServiceInfo, hasFile: (file: string) => boolean): string | undefined {
  const start = service.starts?.find((entry) => entry.script === "start");
  return start ? fileOfScript(service, start.command, hasFile) : undefined;
}
