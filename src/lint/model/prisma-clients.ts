import type { FileFacts, WriteFact } from "../types.js";
import { baseOf } from "./inheritance.js";
import { type ModuleResolver, resolveExport } from "./resolve.js";

/** The module PrismaClient comes from: `@prisma/client`, or a schema's own generated client (`.prisma/client/orders`, `@prisma/orders-client`). */
const PRISMA_CLIENT_MODULE = /(^|\/)(@prisma\/|\.?prisma\/client)/;

/**
 * A write made through a field typed with a class of the project (`this.databaseService.order.create`) is a Prisma write
 * when that class extends PrismaClient, up to four levels of bases (`class DatabaseService extends PrismaClient`, the
 * NestJS provider by whatever name), whichever module declares it.
 */
export function isPrismaClientClass(facts: ReadonlyMap<string, FileFacts>, resolver: ModuleResolver, file: string, clientClass: NonNullable<WriteFact["clientClass"]>): boolean {
  let at: { file: string; className: string } | undefined = declared(facts, resolver, file, clientClass);
  for (let depth = 0; depth < 4 && at; depth++) {
    const base = facts.get(at.file)?.classBases?.[at.className];
    if (!base) return false;
    if ("specifier" in base && base.name === "PrismaClient" && (PRISMA_CLIENT_MODULE.test(base.specifier) || generatedClient(facts, resolver, at.file, base.specifier))) return true;
    at = baseOf(facts, resolver, at.file, at.className);
  }
  return false;
}

/** Where the class a file names is declared: its own, or the module an import reaches. */
function declared(facts: ReadonlyMap<string, FileFacts>, resolver: ModuleResolver, file: string, clientClass: NonNullable<WriteFact["clientClass"]>): { file: string; className: string } | undefined {
  if ("local" in clientClass) return { file, className: clientClass.local };
  const target = resolver.resolve(file, clientClass.specifier);
  if (!target) return undefined;
  const exported = resolveExport(facts, resolver, target, clientClass.name);
  if (!exported) return { file: target, className: clientClass.name };
  return { file: exported.file, className: exported.id.startsWith("class:") ? exported.id.slice("class:".length) : clientClass.name };
}

/**
 * `import { PrismaClient } from "@db/users"` where a tsconfig path names a schema's generated client (`output =
 * "../generated/prisma"`): Prisma's, whether the folder is ignored by git (nothing there to resolve) or committed (a
 * file under a schema's output). A class of that name the project writes itself elsewhere is not.
 */
function generatedClient(facts: ReadonlyMap<string, FileFacts>, resolver: ModuleResolver, file: string, specifier: string): boolean {
  if (specifier.startsWith(".")) return false;
  const target = resolver.resolve(file, specifier);
  if (!target) return true;
  return prismaOutputsOf(facts).some((output) => target.startsWith(`${output}/`));
}

const outputsCache = new WeakMap<ReadonlyMap<string, FileFacts>, string[]>();

/** The folders the scan's Prisma schemas generate their clients into, from the repository's root. */
function prismaOutputsOf(facts: ReadonlyMap<string, FileFacts>): string[] {
  let outputs = outputsCache.get(facts);
  if (!outputs) outputsCache.set(facts, (outputs = [...facts.values()].flatMap((f) => f.prismaClientOutputs ?? [])));
  return outputs;
}
