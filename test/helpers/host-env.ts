import { accessSync, constants } from "node:fs";
import { delimiter, dirname, join } from "node:path";

/**
 * The environment commands run in when they stand for a user's: npm installs of the generated
 * services (test/helpers/service-deps.ts) and the Dockerfile rehearsal's RUN, CMD and HEALTHCHECK
 * (test/template/dockerfile-rehearsal.ts).
 */

/** The system part of PATH: what the node image's PATH holds besides /usr/local/bin (where its node and npm are). */
const SYSTEM_PATH = ["/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/**
 * PATH for every command of the rehearsal: the node running this test, the npm
 * found on PATH, and the system's folders; never a node_modules/.bin (npm test
 * puts this repository's first, where tsc and vitest would hide a stage that
 * forgot to install them).
 */
export function rehearsalPath(): string {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter((dir) => dir !== "" && !dir.includes("node_modules"));
  const npmDir = dirs.find((dir) => {
    try {
      accessSync(join(dir, "npm"), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (npmDir === undefined) throw new Error("no npm on PATH (outside node_modules/.bin)");
  return [...new Set([dirname(process.execPath), npmDir, ...SYSTEM_PATH])].join(delimiter);
}

/**
 * npm's network settings, as the npm running this test read them from every config file and handed them on
 * (npm_config_*): a CA file set in the machine's global npmrc (/etc/npmrc, `cafile=`) is read only by an npm whose
 * prefix is /usr, not by one running on this repository's own Node 24, whose global config is elsewhere; without it
 * that npm's registry requests fail on a TLS-inspecting network (SELF_SIGNED_CERT_IN_CHAIN) and retry for minutes.
 */
const NPM_NETWORK = ["registry", "cafile", "ca", "strict_ssl", "proxy", "https_proxy", "noproxy"];

/** The variables a command gets from the host: PATH, HOME (for the user's .npmrc: registry, proxy) and network settings; no other npm_* of the npm running this test. */
export function hostEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: rehearsalPath(), NO_COLOR: "1", npm_config_update_notifier: "false" };
  const kept = ["HOME", "LANG", "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", ...NPM_NETWORK.flatMap((key) => [`npm_config_${key}`, `NPM_CONFIG_${key.toUpperCase()}`])];
  for (const name of kept) {
    const value = process.env[name];
    // npm hands an unset setting on as an empty string (npm_config_noproxy=), which would override the user's npmrc.
    if (value !== undefined && value !== "") env[name] = value;
  }
  return env;
}

