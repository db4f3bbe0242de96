/**
 * Two services (or two libraries) must never share a name: findings, the
 * config and the graph name them. On a clash each gets the shortest tail of
 * its folder that tells it apart (`users/api` and `orders/api` both named
 * `api` become `users-api` and `orders-api`); the one at the repository root
 * keeps its name, unless it is a copy of one of the others (`copyOfTop`: a folder's package.json the top's repeats word
 * for word, the top left holding a stray copy of `menu-service/`): then the folder keeps the name, the copy is numbered.
 */
export function dedupeNames(items: { name: string; root: string }[], copyOfTop?: (root: string) => boolean): void {
  const counts = countNames(items);
  for (const [name, count] of counts) {
    if (count < 2) continue;
    const top = copyOfTop && items.find((item) => item.name === name && item.root === "");
    const copied = top ? items.filter((item) => item.name === name && item.root !== "" && copyOfTop!(item.root)) : [];
    const original = copied.length === 1 ? copied[0] : undefined;
    const group = items.filter((item) => item.name === name && item.root !== "" && item !== original);
    // Names no member may take: the others' names, and this one when the root's service keeps it.
    const used = new Set(items.filter((item) => item.name !== name).map((item) => item.name));
    if (group.length < count) used.add(name);
    const renamed = new Map<{ name: string; root: string }, string>();
    for (const item of group) {
      const depth = item.root.split("/").length;
      for (let k = 1; k <= depth; k++) {
        const candidate = tail(item.root, k);
        const shared = group.some((other) => other !== item && tail(other.root, k) === candidate);
        if (shared || used.has(candidate)) continue;
        renamed.set(item, candidate);
        used.add(candidate);
        break;
      }
    }
    for (const [item, candidate] of renamed) item.name = candidate;
    if (original && top) {
      let n = 2;
      while (items.some((item) => item.name === `${name}-${n}`)) n++;
      top.name = `${name}-${n}`;
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
