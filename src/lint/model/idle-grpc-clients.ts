import type { ArchModel, Diagnostic, TransportFact } from "../types.js";

/**
 * NestJS gRPC clients that were made and never seen used. A client registered (a `ClientsModule` entry, a member's
 * `@Client({ transport: Transport.GRPC, options: { url } })`) exists to be called; when no gRPC request of its owner was
 * found, its calls went through something arch-lint does not follow (a stub handed out by a function of another
 * class, `this.clients.users().find()`, or looked up at run time), and each of them is a synchronous hop that unprotected-call and sync-call-chain never saw: said, not left silent.
 * A library's clients are said of the library when the repository has no gRPC request at all (its users' requests
 * cannot be told apart from other clients' once found).
 */
export function idleGrpcClients(
  files: Iterable<{ file: string; transports?: readonly TransportFact[] }>,
  model: ArchModel,
  libraryOf: (file: string) => string | undefined,
): Diagnostic[] {
  const requesters = new Set<string>();
  for (const call of model.calls) if (call.client === "grpc") requesters.add(call.service);
  for (const topic of model.topics) if (topic.system === "grpc" && topic.role === "produce") requesters.add(topic.service);
  const scanned = new Set(model.services.filter((service) => !service.language).map((service) => service.name));
  const byOwner = new Map<string, { service?: string; label: string; sites: TransportFact[] }>();
  for (const { file, transports } of files) {
    const clients = (transports ?? []).filter(isGrpcClient);
    if (!clients.length) continue;
    const service = model.fileService[file];
    const library = service === undefined ? libraryOf(file) : undefined;
    if (service !== undefined ? !scanned.has(service) || requesters.has(service) : library === undefined || requesters.size > 0) continue;
    const key = service !== undefined ? `s:${service}` : `l:${library}`;
    const owner = byOwner.get(key) ?? { ...(service !== undefined ? { service } : {}), label: service ?? `${library} (a library)`, sites: [] };
    owner.sites.push(...clients);
    byOwner.set(key, owner);
  }
  const diagnostics: Diagnostic[] = [];
  for (const { service, label, sites } of byOwner.values()) {
    const first = sites[0]!.location;
    const more = sites.length > 1 ? ` and ${sites.length - 1} more` : "";
    diagnostics.push({
      kind: "not-understood",
      ...(service !== undefined ? { service } : {}),
      message: `${label} makes ${sites.length === 1 ? "a gRPC client" : `${sites.length} gRPC clients`} (at ${first.file}:${first.line}${more}), but no gRPC call through ${sites.length === 1 ? "it" : "them"} was found (a stub handed out by another class's function, or looked up at run time, is not followed): those calls, their deadlines and the chains through them are not checked`,
      file: first.file,
      line: first.line,
    });
  }
  return diagnostics;
}

/**
 * A client's registration or `@Client` member. Options written apart (`export const grpcOptions = { transport, options:
 * { url } }`) are left out: a service's own server is often started from such options imported by name.
 */
function isGrpcClient(transport: TransportFact): boolean {
  return transport.system === "grpc" && transport.kind === "client";
}
