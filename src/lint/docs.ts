import { readFileSync } from "node:fs";

/**
 * Where the rule docs live, for links in reports (SARIF helpUri, markdown).
 * A link is only given when package.json says where the repository is: a
 * made-up URL would send users to a page that does not exist. The help text
 * itself comes from docs/rules/<id>.md when the package has it.
 */

const PACKAGE_ROOT = new URL("../../", import.meta.url);

interface PackageLinks {
  repository?: string | { url?: string; directory?: string };
  homepage?: string;
}

/**
 * The web address of the package's folder in its repository (no trailing
 * slash), from `repository` (a GitHub or GitLab URL, `github:owner/repo`,
 * or the `owner/repo` shorthand) or else a `homepage` that is such a
 * repository page. Undefined when neither says.
 */
export function repositoryWebUrl(pkg: PackageLinks): string | undefined {
  const repository = typeof pkg.repository === "string" ? { url: pkg.repository } : pkg.repository;
  const fromRepository = repository?.url ? webUrl(repository.url) : undefined;
  if (fromRepository) {
    const directory = repository?.directory?.replace(/^\.?\/+|\/+$/g, "");
    return directory ? `${fromRepository}/tree/HEAD/${directory}` : fromRepository;
  }
  return pkg.homepage ? webUrl(pkg.homepage) : undefined;
}

function webUrl(spec: string): string | undefined {
  const shorthand = /^(?:github:)?([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(spec);
  if (shorthand) return `https://github.com/${shorthand[1]}/${shorthand[2]}`;
  const url = /^(?:git\+)?(?:https?|git|ssh):\/\/(?:[^@/]+@)?(github\.com|gitlab\.com)[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?(?:[/#?].*)?$/.exec(spec);
  return url ? `https://${url[1]}/${url[2]}/${url[3]}` : undefined;
}

/** A file of the repository as a web page: `docs/rules/x.md` → …/blob/HEAD/docs/rules/x.md. */
export function repositoryFileUrl(base: string, path: string): string {
  const tree = base.indexOf("/tree/HEAD/");
  return tree >= 0 ? `${base.slice(0, tree)}/blob/HEAD/${base.slice(tree + "/tree/HEAD/".length)}/${path}` : `${base}/blob/HEAD/${path}`;
}

let cachedBase: string | null | undefined;

function packageBase(): string | undefined {
  if (cachedBase === undefined) {
    try {
      cachedBase = repositoryWebUrl(JSON.parse(readFileSync(new URL("package.json", PACKAGE_ROOT), "utf8")) as PackageLinks) ?? null;
    } catch {
      cachedBase = null;
    }
  }
  return cachedBase ?? undefined;
}

/** The rule's documentation page, when the package names its repository. */
export function docsUrl(id: string): string | undefined {
  const base = packageBase();
  return base ? repositoryFileUrl(base, `docs/rules/${id}.md`) : undefined;
}

/** The arch-lint user guide, when the package names its repository. */
export function guideUrl(): string | undefined {
  const base = packageBase();
  return base ? repositoryFileUrl(base, "docs/arch-lint.md") : undefined;
}

/** The rule's documentation page as markdown (front matter removed), when the package has it. */
export function ruleHelp(id: string): string | undefined {
  try {
    const text = readFileSync(new URL(`docs/rules/${id}.md`, PACKAGE_ROOT), "utf8");
    return text.replace(/^---\n[\s\S]*?\n---\n+/, "").trim();
  } catch {
    return undefined;
  }
}
