import type { FileFacts, ServiceInfo } from "../types.js";

/**
 * One package, several deployments, each running some of its Moleculer services: moleculer-runner loads the services
 * that the `SERVICES` variable names (`SERVICES=users,products` → `services/users.service.js`, `products.service.js`),
 * so compose entries built from one image (moleculer-cli's template: `api`, `greeter`, `products`) are one deployed
 * service each. Each owns the service files it runs; the package's other files (mixins, models, moleculer.config.js)
 * belong to the deployments whose files import them, as a library's do (model/ownership.ts). A deployment whose
 * `SERVICES` names no file found keeps the package's files as before (the diagnostic that it shares them says so).
 */
const CONFIG = /(^|\/)moleculer\.config\.[cm]?[jt]s$/;

export function placeMoleculerServices(services: readonly ServiceInfo[], facts: ReadonlyMap<string, FileFacts>): ServiceInfo[] {
  const byRoot = new Map<string, ServiceInfo[]>();
  for (const service of services) {
    if (service.language || service.entry !== undefined || !service.env.SERVICES) continue;
    byRoot.set(service.root, [...(byRoot.get(service.root) ?? []), service]);
  }
  const owned = new Map<ServiceInfo, string[]>();
  const loads = new Map<ServiceInfo, string[]>();
  for (const [root, group] of byRoot) {
    // Every deployment of the folder must pick its services: one that runs them all (no SERVICES) owns the folder.
    if (group.length < 2 || services.some((s) => s.root === root && !group.includes(s))) continue;
    const schemaFiles = [...facts.values()].filter((f) => f.moleculer?.services.length && (root === "" || f.file.startsWith(`${root}/`)));
    for (const service of group) {
      const files = new Set<string>();
      for (const name of service.env.SERVICES!.split(",").map((item) => item.trim()).filter(Boolean)) {
        const base = name.replace(/\.service(\.[cm]?[jt]s)?$/, "").replace(/^.*\//, "");
        const byFile = schemaFiles.filter((f) => f.file.slice(f.file.lastIndexOf("/") + 1).replace(/\.service\.[cm]?[jt]s$/, "") === base && /\.service\.[cm]?[jt]s$/.test(f.file));
        const found = byFile.length ? byFile : schemaFiles.filter((f) => f.moleculer!.services.some((schema) => schema.name === base));
        for (const f of found) files.add(f.file);
      }
      if (files.size) owned.set(service, [...files].sort());
    }
    // moleculer-runner loads the package's moleculer.config.js in each deployment (its broker middlewares, cacher, connections).
    const configs = [...facts.keys()].filter((file) => CONFIG.test(file) && (root === "" || file.startsWith(`${root}/`)) && !file.slice(root ? root.length + 1 : 0).includes("node_modules"));
    if (configs.length) for (const service of group) if (owned.has(service)) loads.set(service, configs);
  }
  if (!owned.size) return [...services];
  return services.map((service) => (owned.has(service) ? { ...service, ownedFiles: owned.get(service)!, ...(loads.has(service) ? { loads: loads.get(service)! } : {}) } : service));
}
