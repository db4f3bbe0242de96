/**
 * A normalized relative path as the scan names folders: no trailing slash, and the scan root as "".
 * `posix.normalize("docker/../")` is "./", which is the root as much as "." is (a compose file in docker/
 * building `context: ../`).
 */
export function repoFolder(normalized: string): string {
  const trimmed = normalized.replace(/\/+$/, "");
  return trimmed === "." || trimmed === "" ? "" : trimmed;
}
