import { posix } from "node:path";
import type { Diagnostic, FileFacts, LibraryInfo, ServiceInfo } from "../types.js";
import type { PackageInfo } from "../discover/packages.js";
import { DEPLOYED, importEdges } from "./entry-services.js";
import type { ModuleResolver } from "./resolve.js";

/**
 * A folder of shared code with a package.json of its own that the services require by path rather than by name
 * (`require("../../kafkaBroker/kafkaHandler/routes")` from orderService and paymentService): discovery took it for a
 * service (a broker client among its dependencies and a `main`), but nothing deploys it, no script starts it, none of its
 * files listens, and other services' code imports its files. It is their library, as one imported by name would be:
 * what it connects to and publishes belongs to the services that import it. Its `main` may still do something once
 * (create the broker's topics), which is no service either. Said in a diagnostic.
 */
export function requiredPackagesAsLibraries(
  services: readonly ServiceInfo[],
  libraries: readonly LibraryInfo[],
  packages: readonly PackageInfo[],
  facts: ReadonlyMap<string, FileFacts>,
  resolver: ModuleResolver,
): { services: ServiceInfo[]; libraries: LibraryInfo[]; diagnostics: Diagnostic[] } {
  const candidates = services.filter((service) => service.root !== "" && !service.language && !service.entry && !service.sources.some((source) => DEPLOYED.has(source)));
  if (!candidates.length) return { services: [...services], libraries: [...libraries], diagnostics: [] };
  const edges = importEdges(facts, resolver);
  const inside = (file: string, root: string) => file.startsWith(`${root}/`);
  const demoted = new Map<ServiceInfo, { importer: ServiceInfo; file: string }>();
  for (const service of candidates) {
    const pkg = packages.find((p) => p.dir === service.root);
    if (!pkg || Object.keys(pkg.scripts).some((name) => /^(start|dev|serve)\b/.test(name))) continue;
    if ([...facts.values()].some((f) => inside(f.file, service.root) && f.listens?.length)) continue;
    // A service nested in it (a package whose folder holds others) is not what imports it.
    const edge = edges.find((e) => inside(e.to, service.root) && !inside(e.from, service.root));
    const importer = edge && services.find((other) => other !== service && inside(edge.from, other.root) && !inside(other.root, service.root));
    if (edge && importer) demoted.set(service, { importer, file: edge.from });
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
