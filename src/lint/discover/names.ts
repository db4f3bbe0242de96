/**
 * Two services (or two libraries) must never share a name: findings, the
 * config and the graph name them. On a clash each gets the shortest tail of
 * its folder that tells it apart (`users/api` and `orders/api` both named
 * `api` become `users-api` and `orders-api`); the one at the repository root
 * keeps its name.
 */
export function dedupeNames(items: { name: string; root: string }[]): void {
  const counts = countNames(items);
  for (const [name, count] of counts) {
    if (count < 2) continue;
    const group = items.filter((item) => item.name === name && item.root !== "");
    const others = new Set(items.filter((item) => item.name !== name).map((item) => item.name));
    const depth = Math.max(...group.map((item) => item.root.split("/").length));
    for (let k = 1; k <= depth; k++) {
      const candidates = group.map((item) => tail(item.root, k));
      // The one at the root keeps the plain name, so it is taken.
      const taken = group.length < count ? new Set([...others, name]) : others;
      if (new Set(candidates).size === candidates.length && candidates.every((c) => !taken.has(c))) {
        group.forEach((item, i) => (item.name = candidates[i]!));
        break;
      }
    }
  }
  // Whatever still clashes (two folders whose paths end alike all the way up): a number tells them apart.
  const seen = new Map<string, number>();
  const final = countNames(items);
  for (const item of items) {
    if ((final.get(item.name) ?? 0) < 2) continue;
    const n = (seen.get(item.name) ?? 0) + 1;
    seen.set(item.name, n);
    if (n === 1) continue;
    let candidate = `${item.name}-${n}`;
    while (final.has(candidate)) candidate = `${candidate}-${n}`;
    final.set(candidate, 1);
    item.name = candidate;
  }
}

function countNames(items: readonly { name: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.name, (counts.get(item.name) ?? 0) + 1);
  return counts;
}

/** The last `k` folders of a path, joined with "-": `apps/users/api`, 2 → `users-api`. */
function tail(root: string, k: number): string {
  return root.split("/").slice(-k).join("-");
}
