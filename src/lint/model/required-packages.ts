import { posix } from "node:path";
import type { Diagnostic, FileFacts, LibraryInfo, ServiceInfo } from "../types.js";
import type { PackageInfo } from "../discover/packages.js";
import { DEPLOYED } from "./entry-services.js";

/**
 * A folder of shared code with a package.json of its own that the services require by path rather than by name
 * (`require("../../kafkaBroker/kafkaHandler/routes")` from orderService and paymentService): discovery took it for a
 * service (a broker client among its dependencies and a `main`), but nothing deploys it, no script or process manager
 * starts it, none of its files listens, and other services' code imports its files. It is their library, as one imported by name would be:
 * what it connects to and publishes belongs to the services that import it. Its `main` may still do something once
 * (create the broker's topics), which is no service either. Said in a diagnostic.
 */
export function requiredPackagesAsLibraries(
  services: readonly ServiceInfo[],
  libraries: readonly LibraryInfo[],
  packages: readonly PackageInfo[],
  facts: ReadonlyMap<string, FileFacts>,
): { services: ServiceInfo[]; libraries: LibraryInfo[]; diagnostics: Diagnostic[] } {
  const candidates = services.filter((service) => service.root !== "" && !service.language && !service.entry && !service.sources.some((source) => DEPLOYED.has(source)));
  if (!candidates.length) return { services: [...services], libraries: [...libraries], diagnostics: [] };
  const inside = (file: string, root: string) => file.startsWith(`${root}/`);
  const demoted = new Map<ServiceInfo, { importer: ServiceInfo; file: string }>();
  for (const service of candidates) {
    const pkg = packages.find((p) => p.dir === service.root);
    // A process manager that runs it (a pm2 ecosystem file, a Procfile) starts it as a script would.
    if (!pkg || pkg.pm2Starts?.length || Object.keys(pkg.scripts).some((name) => /^(start|dev|serve)\b/.test(name))) continue;
    if ([...facts.values()].some((f) => inside(f.file, service.root) && f.listens?.length)) continue;
    // Another service's file whose relative import lands in the package's folder (by the path as written: nothing is
    // resolved here, so no import is reported missing for asking). A service nested in it is not what imports it.
    for (const f of facts.values()) {
      if (inside(f.file, service.root)) continue;
      const importer = services.find((other) => other !== service && inside(f.file, other.root) && !inside(other.root, service.root));
      if (!importer) continue;
      const reaches = [...f.imports.map((i) => i.specifier), ...(f.bareImports ?? [])].some((specifier) => specifier.startsWith(".") && inside(posix.normalize(posix.join(posix.dirname(f.file), specifier)), service.root));
      if (reaches) {
        demoted.set(service, { importer, file: f.file });
        break;
      }
    }
  }
  if (!demoted.size) return { services: [...services], libraries: [...libraries], diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const added: LibraryInfo[] = [];
  for (const [service, { importer, file }] of demoted) {
    const pkg = packages.find((p) => p.dir === service.root)!;
    added.push({ name: service.name, root: service.root, ...(pkg.name ? { packageName: pkg.name } : {}), location: { file: pkg.file, line: 1, column: 1 } });
    diagnostics.push({
      kind: "not-understood",
      message: `${service.name}: nothing deploys ${service.root} and no script starts it, none of its files listens, and ${importer.name} requires its files by path (${file}): taken for a library of the services that import it`,
      file: posix.join(service.root, "package.json"),
      line: 1,
    });
  }
  return { services: services.filter((service) => !demoted.has(service)), libraries: [...libraries, ...added].sort((a, b) => a.root.localeCompare(b.root)), diagnostics };
}
