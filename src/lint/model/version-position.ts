/** Leading segments a team puts before its version (`/api/users` → `/api/v1/users`). */
export const API_PREFIX = /^(api|apis|rest|public)$/i;

/**
 * Whether the segment where a route's version would go (the first after any `/api`-like prefix) is a part arch-lint
 * could not read (`{?}`: a constant of a package the scan does not have, a value made at run time): whether the route
 * is versioned is then not known.
 */
export function unresolvedWhereVersionGoes(path: string): boolean {
  const segments = path.split("/").filter(Boolean);
  let at = 0;
  while (at < segments.length && API_PREFIX.test(segments[at]!)) at++;
  return segments[at]?.includes("{?}") ?? false;
}
