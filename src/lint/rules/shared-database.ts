import { defineRule, where, type RuleReport } from "../rule.js";
import type { ArchModel, ModelDatastore } from "../types.js";

/**
 * Two services that connect to one datastore (same engine, host, port and
 * database after env resolution), or a service that reads or writes a table
 * another service's migrations create.
 */
export default defineRule<Record<string, never>>({
  meta: {
    id: "shared-database",
    description: "Each service owns its data: no two services connect to the same database, and no service uses a table another service's migrations own.",
    defaultSeverity: "error",
    options: {},
    defaultOptions: {},
  },
  check(input) {
    const reports: RuleReport[] = [];
    // A seed script (a seeder a developer runs by hand, copying rows in from a monolith's database) is no service's
    // connection at run time: services that each seed from one old database share nothing while they run.
    const model = { ...input, datastores: input.datastores.filter((store) => !isSeedScript(store.location.file)) };

    // 1. One datastore identity, several services.
    const byIdentity = new Map<string, ModelDatastore[]>();
    for (const store of model.datastores) {
      if (!store.identity) continue;
      const list = byIdentity.get(store.identity) ?? [];
      list.push(store);
      byIdentity.set(store.identity, list);
    }
    for (const [identity, stores] of [...byIdentity].sort(([a], [b]) => a.localeCompare(b))) {
      // A service that reaches this server only as a job queue's broker (Bull, BullMQ) or for pub/sub channels exchanges
      // messages through it, and one that only checks a search cluster's health waits for it: neither shares data.
      const holdsData = (s: ModelDatastore) => !s.queue && !s.pubsub && !s.healthCheck;
      const services = [...new Set(stores.filter(holdsData).map((s) => s.service))].sort();
      if (services.length < 2) continue;
      const firstPerService = services.map((service) => stores.find((s) => s.service === service && holdsData(s))!);
      const connections = firstPerService.map((s) => `${s.service} at ${where(s.location)}${s.via?.length ? ` through ${where(s.via[0]!)}` : ""}`).join(", ");
      reports.push({
        messageId: "sharedConnection",
        message: `${services.join(" and ")} connect to the same datastore ${identity} (${connections})`,
        data: { services: services.join(","), datastore: identity },
        location: firstPerService[1]!.location,
        evidence: firstPerService.flatMap((s) => [
          // A library's connection: the imports that make it this service's come first.
          ...(s.via ?? []).map((hop, index) => ({
            message: `${index === 0 ? s.service : "which"} imports ${(s.via![index + 1] ?? s.location).file}`,
            location: hop,
          })),
          { message: `${s.service} connects to ${identity} through ${s.library} (${s.resolution})`, location: s.location },
        ]),
        key: `${identity}|${services.join(",")}`,
      });
    }

    // 2. One connection in shared code, its address in variables that every one of its services takes from one env
    // file the repository leaves out (`env_file: .env`, kept out of git): whatever the file says, it says it to all.
    const byEnvFile = new Map<string, ModelDatastore[]>();
    for (const store of model.datastores) {
      if (store.identity || !store.missingEnv?.length || store.queue || store.pubsub || store.healthCheck) continue;
      const files = model.services.find((s) => s.name === store.service)?.missingEnvFiles;
      if (!files?.length) continue;
      // Two connections of one module made from the same variables (a DataSource and the Nest module around the same options) are one database.
      const key = `${store.location.file}|${[...store.missingEnv].sort().join(",")}|${[...files].sort().join(",")}`;
      byEnvFile.set(key, [...(byEnvFile.get(key) ?? []), store]);
    }
    for (const [key, stores] of [...byEnvFile].sort(([a], [b]) => a.localeCompare(b))) {
      const services = [...new Set(stores.map((s) => s.service))].sort();
      if (services.length < 2) continue;
      const firstPerService = services.map((service) => stores.find((s) => s.service === service)!);
      const files = [...(model.services.find((s) => s.name === services[0])?.missingEnvFiles ?? [])].sort();
      const variables = [...new Set(stores.flatMap((s) => s.missingEnv ?? []))].sort();
      const connection = firstPerService[0]!;
      reports.push({
        messageId: "sharedEnvFile",
        message: `${services.join(" and ")} open the same ${connection.engine === "unknown" ? connection.library : connection.engine} connection (${where(connection.location)}) with ${variables.join(", ")} from ${files.join(", ")}, one env file the repository leaves out: whatever it holds, they connect to the same datastore`,
        data: { services: services.join(","), datastore: `${where(connection.location)} from ${files.join(",")}` },
        location: firstPerService[1]!.via?.[0] ?? firstPerService[1]!.location,
        evidence: firstPerService.flatMap((s) => [
          ...(s.via ?? []).map((hop, index) => ({ message: `${index === 0 ? s.service : "which"} imports ${(s.via![index + 1] ?? s.location).file}`, location: hop })),
          { message: `${s.service} connects through ${s.library} with ${[...(s.missingEnv ?? [])].sort().join(", ")}, which its compose entry takes from ${files.join(", ")} (not in the repository)`, location: s.location },
        ]),
        key: `${key}|${services.join(",")}`,
      });
    }

    // 2b. Connections in each service's own code whose address is only in variables that every one of them takes from one
    // env file their code (or a config library they import) loads and the repository leaves out (a monorepo's root `.env`
    // that NestJS ConfigModule or dotenv reads for every app): the same engine, the same parts written or defaulted, the
    // same variables from the same file are the same datastore, whatever the file holds.
    const grouped = new Set(reports.map((report) => report.data.services));
    const byLoadedFile = new Map<string, ModelDatastore[]>();
    for (const store of model.datastores) {
      if (store.identity || !store.missingEnv?.length || !store.missingEnvFiles?.length || store.queue || store.pubsub || store.healthCheck || store.engine === "unknown") continue;
      const key = [store.engine, store.host ?? "", store.port ?? "", store.database ?? "", [...store.missingEnv].sort().join(","), store.missingEnvFiles.join(",")].join("|");
      byLoadedFile.set(key, [...(byLoadedFile.get(key) ?? []), store]);
    }
    for (const [key, stores] of [...byLoadedFile].sort(([a], [b]) => a.localeCompare(b))) {
      const services = [...new Set(stores.map((s) => s.service))].sort();
      if (services.length < 2 || grouped.has(services.join(","))) continue;
      const firstPerService = services.map((service) => stores.find((s) => s.service === service)!);
      const files = firstPerService[0]!.missingEnvFiles!;
      const variables = [...firstPerService[0]!.missingEnv!].sort();
      // The project's .env that compose passes the variables through from (`REDIS_HOST: ${REDIS_HOST}`), or one the code loads.
      const loads = stores.every((s) => s.missingEnvFromCompose) ? "their compose project passes on to them" : "their code loads";
      // A Secret or ConfigMap key their Deployments take (`secretKeyRef`), its value kept out of the repository.
      const fromWorkloads = stores.every((s) => s.missingEnvFromWorkload);
      const leftOut = fromWorkloads ? `, which their Kubernetes workloads take and the repository does not hold` : `, one env file ${loads} and the repository leaves out`;
      reports.push({
        messageId: "sharedEnvFile",
        message: `${services.join(" and ")} connect to ${firstPerService[0]!.engine} with ${variables.join(", ")} from ${files.join(", ")}${leftOut}: whatever it holds, they connect to the same datastore`,
        data: { services: services.join(","), datastore: `${firstPerService[0]!.engine} ${variables.join(",")} from ${files.join(",")}` },
        location: firstPerService[1]!.via?.[0] ?? firstPerService[1]!.location,
        evidence: firstPerService.flatMap((s) => [
          ...(s.via ?? []).map((hop, index) => ({ message: `${index === 0 ? s.service : "which"} imports ${(s.via![index + 1] ?? s.location).file}`, location: hop })),
          { message: `${s.service} connects through ${s.library} with ${variables.join(", ")}, which ${s.missingEnvFromWorkload ? "its Kubernetes workload takes" : s.missingEnvFromCompose ? "its compose entry passes on" : "its code loads"} from ${files.join(", ")} (not in the repository)`, location: s.location },
        ]),
        key: `${key}|${services.join(",")}`,
      });
    }

    // 3. One Prisma schema that several services connect through, its URL set nowhere arch-lint can see: one schema is one
    // migration history, which makes one database for all of them, whatever the variable holds.
    const reported = new Set(reports.flatMap((report) => (report.messageId === "sharedEnvFile" ? [report.data.services] : [])));
    const bySchema = new Map<string, ModelDatastore[]>();
    for (const store of model.datastores) {
      if (store.identity || store.library !== "prisma" || !store.location.file.endsWith(".prisma")) continue;
      bySchema.set(store.location.file, [...(bySchema.get(store.location.file) ?? []), store]);
    }
    for (const [schema, stores] of [...bySchema].sort(([a], [b]) => a.localeCompare(b))) {
      const services = [...new Set(stores.map((s) => s.service))].sort();
      if (services.length < 2 || reported.has(services.join(","))) continue;
      const firstPerService = services.map((service) => stores.find((s) => s.service === service)!);
      const connection = firstPerService[0]!;
      reports.push({
        messageId: "sharedSchema",
        message: `${services.join(" and ")} connect to ${connection.engine === "unknown" ? "the database" : `the ${connection.engine} database`} of one Prisma schema (${where(connection.location)}): its one migration history makes one database for all of them, whatever ${[...new Set(stores.flatMap((s) => s.missingEnv ?? []))].sort().join(", ") || "its URL"} holds`,
        data: { services: services.join(","), datastore: schema },
        location: firstPerService[1]!.via?.[0] ?? firstPerService[1]!.location,
        evidence: firstPerService.flatMap((s) => [
          ...(s.via ?? []).map((hop, index) => ({ message: `${index === 0 ? s.service : "which"} imports ${(s.via![index + 1] ?? s.location).file}`, location: hop })),
          { message: `${s.service} connects through the Prisma schema ${schema} (${s.resolution})`, location: s.location },
        ]),
        key: `${schema}|${services.join(",")}`,
      });
    }

    // 3b. Copies of one Prisma schema, one in each service's folder (`hooks/prisma/schema.prisma`, `worker/prisma/schema.prisma`),
    // declaring the same models, their URL set nowhere arch-lint can see: each service's client maps the same tables, which
    // is one database the services take turns migrating, not a database each. Counted when two schemas of one engine share
    // at least three models and most of the smaller one's.
    const schemaReported = new Set(reports.map((report) => report.data.services));
    const copies = prismaSchemaCopies(model);
    for (const group of copies) {
      const services = [...new Set(group.map((s) => s.service))].sort();
      if (services.length < 2 || schemaReported.has(services.join(","))) continue;
      const firstPerService = services.map((service) => group.find((s) => s.service === service)!);
      const connection = firstPerService[0]!;
      const shared = [...sharedModels(model, firstPerService)].sort();
      reports.push({
        messageId: "sharedSchema",
        message: `${services.join(" and ")} each hold a copy of one Prisma schema (${firstPerService.map((s) => where(s.location)).join(", ")}) mapping the same models (${shared.slice(0, 4).join(", ")}${shared.length > 4 ? `, and ${shared.length - 4} more` : ""}): one set of tables is one ${connection.engine === "unknown" ? "" : `${connection.engine} `}database for all of them, whatever ${[...new Set(group.flatMap((s) => s.missingEnv ?? []))].sort().join(", ") || "its URL"} holds`,
        data: { services: services.join(","), datastore: firstPerService.map((s) => s.location.file).join(",") },
        location: firstPerService[1]!.location,
        evidence: firstPerService.map((s) => ({ message: `${s.service} connects through its copy of the schema, ${s.location.file} (${s.resolution})`, location: s.location })),
        key: `copies|${services.join(",")}`,
      });
    }

    // 4. A table another service's migrations create.
    const owners = new Map<string, Map<string, (typeof model.tables)[number]>>();
    for (const table of model.tables) {
      if (table.access !== "create") continue;
      const byService = owners.get(table.table) ?? new Map();
      if (!byService.has(table.service)) byService.set(table.service, table);
      owners.set(table.table, byService);
    }
    const storesOf = (service: string) => model.datastores.filter((d) => d.service === service);
    const separateDatabases = (a: string, b: string): boolean => {
      const left = storesOf(a);
      const right = storesOf(b);
      if (!left.length || !right.length || left.some((d) => !d.identity) || right.some((d) => !d.identity)) return false;
      return !left.some((l) => right.some((r) => r.identity === l.identity));
    };
    // A table that one library's code both creates and reads is that library's schema, shared by every service that
    // uses it: its connection says whether they share a database (1. above), not which of them ran the migration.
    const libraryOf = (file: string) => model.libraries.find((library) => library.root !== "" && file.startsWith(`${library.root}/`))?.root;
    const seen = new Set<string>();
    for (const use of model.tables) {
      if (use.access === "create") continue;
      const useLibrary = libraryOf(use.location.file);
      const tableOwners = owners.get(use.table);
      if (!tableOwners || tableOwners.has(use.service)) continue;
      for (const [owner, created] of tableOwners) {
        const key = `${use.service}|${use.table}|${owner}`;
        if (seen.has(key) || separateDatabases(use.service, owner) || (useLibrary !== undefined && libraryOf(created.location.file) === useLibrary)) continue;
        seen.add(key);
        reports.push({
          messageId: "foreignTable",
          message: `${use.service} ${use.access === "read" ? "reads" : "writes"} table ${use.table}, which the migrations of ${owner} create (${where(created.location)})`,
          data: { service: use.service, table: use.table, owner },
          location: use.location,
          evidence: [
            { message: `${use.service} ${use.access === "read" ? "reads" : "writes"} ${use.table}`, location: use.location },
            { message: `${owner} creates ${use.table}`, location: created.location },
          ],
          key,
        });
      }
    }
    return reports;
  },
});

/** The tables a Prisma schema file declares, as the model reads them (`model ZapRun` is `zaprun`). */
function schemaTables(model: ArchModel, file: string): Set<string> {
  return new Set(model.tables.filter((t) => t.access === "create" && t.location.file === file).map((t) => t.table));
}

/** The models every one of these schemas declares. */
function sharedModels(model: ArchModel, stores: readonly ModelDatastore[]): Set<string> {
  const sets = stores.map((s) => schemaTables(model, s.location.file));
  return new Set([...sets[0]!].filter((table) => sets.every((set) => set.has(table))));
}

/**
 * Unresolved Prisma connections of different services grouped by schemas that are copies of one another: the same engine,
 * at least three models in common, and those most (three quarters) of the smaller schema's models.
 */
function prismaSchemaCopies(model: ArchModel): ModelDatastore[][] {
  const stores = model.datastores.filter((s) => !s.identity && s.library === "prisma" && s.location.file.endsWith(".prisma"));
  const tables = new Map(stores.map((s) => [s, schemaTables(model, s.location.file)]));
  const parent = new Map(stores.map((s) => [s, s]));
  const root = (s: ModelDatastore): ModelDatastore => (parent.get(s) === s ? s : root(parent.get(s)!));
  for (let i = 0; i < stores.length; i++) {
    for (let j = i + 1; j < stores.length; j++) {
      const a = stores[i]!;
      const b = stores[j]!;
      if (a.service === b.service || a.engine !== b.engine || a.location.file === b.location.file) continue;
      const left = tables.get(a)!;
      const right = tables.get(b)!;
      const common = [...left].filter((table) => right.has(table)).length;
      if (common >= 3 && common >= 0.75 * Math.min(left.size, right.size)) parent.set(root(a), root(b));
    }
  }
  const groups = new Map<ModelDatastore, ModelDatastore[]>();
  for (const s of stores) groups.set(root(s), [...(groups.get(root(s)) ?? []), s]);
  return [...groups.values()].filter((group) => group.length > 1);
}

/** A file a developer runs to seed a database: named so (`seed.ts`, `link.seeder.ts`, `seed-legacy.js`) or kept in a folder named so. */
function isSeedScript(file: string): boolean {
  const parts = file.split("/");
  return SEED_WORD.test(parts[parts.length - 1]!) || parts.slice(0, -1).some((part) => /^(seed|seeds|seeder|seeders)$/i.test(part));
}

const SEED_WORD = /(^|[-_.])(seed|seeds|seeder|seeders)([-_.]|$)/i;
