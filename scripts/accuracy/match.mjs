// The pure part of `npm run accuracy`: a repository's hand labels (test/accuracy/labels/*.json) against arch-lint's
// JSON findings and the services of its model. No I/O here, so the counting is tested on its own
// (test/accuracy/match.test.ts) and the script around it only runs the tool and prints.

export const RULES = [
  "shared-database",
  "sync-call-chain",
  "unversioned-route",
  "dual-write",
  "unprotected-call",
  "hardcoded-endpoint",
  "missing-tracing",
  "cross-service-import",
];

/** How far the tool's line may be from the reader's and still be the same finding (decorator against method, etc.). */
export const LINE_TOLERANCE = 3;

/** The services a finding is about: `data.service`, else the list in `data.services` (chains, shared datastores). */
export function findingServices(finding) {
  const data = finding.data ?? {};
  if (typeof data.service === "string" && data.service !== "") return [data.service];
  if (typeof data.services === "string" && data.services !== "") return data.services.split(",");
  return [];
}

function sameSet(a, b) {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
}

/**
 * Can this finding be what the label describes? Rule and service always; the label's `match` details (route method
 * and path, table, host, target service...) when given; its file when given; its line, within the tolerance, when
 * given. A label keyed by a stable detail can leave the line out, so a finding reported a few lines away (or at
 * another registration of the same route) still matches.
 */
export function compatible(label, finding, tolerance = LINE_TOLERANCE) {
  if (label.rule !== finding.ruleId) return false;
  const services = findingServices(finding);
  if (label.services !== undefined) {
    if (!sameSet(label.services, services)) return false;
  } else if (label.service !== undefined && services[0] !== label.service) return false;
  for (const [key, want] of Object.entries(label.match ?? {})) {
    if (String(finding.data?.[key] ?? "") !== String(want)) return false;
  }
  if (label.file !== undefined && label.file !== finding.file) return false;
  if (label.line !== undefined && Math.abs(label.line - finding.line) > tolerance) return false;
  return true;
}

function distance(label, finding) {
  return label.line === undefined ? 0 : Math.abs(label.line - finding.line);
}

/**
 * Pairs labels with findings one to one, as many pairs as can be made (augmenting paths, Kuhn's algorithm), each
 * label trying its nearest findings first: a greedy nearest-first pairing can give a finding to the wrong one of two
 * labels a few lines apart and leave the other unmatched. Findings in `taken` are left alone; those paired are added
 * to it. Returns, per label index, the finding index it got (or -1).
 */
export function assign(labels, findings, taken, tolerance = LINE_TOLERANCE) {
  const candidates = labels.map((label) =>
    findings
      .map((finding, fi) => ({ fi, d: distance(label, finding) }))
      .filter(({ fi }) => !taken.has(fi) && compatible(label, findings[fi], tolerance))
      .sort((a, b) => a.d - b.d || a.fi - b.fi)
      .map(({ fi }) => fi),
  );
  const owner = new Map();
  const tryLabel = (li, visited) => {
    for (const fi of candidates[li]) {
      if (visited.has(fi)) continue;
      visited.add(fi);
      if (!owner.has(fi) || tryLabel(owner.get(fi), visited)) {
        owner.set(fi, li);
        return true;
      }
    }
    return false;
  };
  labels.forEach((_, li) => tryLabel(li, new Set()));
  const got = labels.map(() => -1);
  for (const [fi, li] of owner) {
    got[li] = fi;
    taken.add(fi);
  }
  return got;
}

/** A finding of arch-lint's JSON, its file made relative to the scanned tree by the caller. */
export function normalizeFinding(raw, toTreePath) {
  return {
    ruleId: raw.ruleId,
    file: toTreePath(raw.location?.file ?? ""),
    line: raw.location?.line ?? 0,
    message: raw.message ?? "",
    data: raw.data ?? {},
  };
}

/**
 * Scores one repository. `labels` is the parsed label file; `findings` arch-lint's findings (normalized, files
 * relative to the tree); `services` the model's services as { name, root }. Only the rules the label file lists
 * are scored: a rule it leaves out was not labelled there, and that rule's findings count neither way.
 */
export function scoreTree(labels, findings, services, tolerance = LINE_TOLERANCE) {
  const rules = {};
  const byReadersName = readersNames(labels);
  for (const [rule, entry] of Object.entries(labels.rules ?? {})) {
    const own = findings.filter((f) => f.ruleId === rule).map((f) => inReadersNames(f, byReadersName));
    const expected = (entry.expected ?? []).map((l) => labelInReadersNames({ ...l, rule }, byReadersName));
    const debatable = (entry.debatable ?? []).map((l) => labelInReadersNames({ ...l, rule }, byReadersName));
    const taken = new Set();
    const got = assign(expected, own, taken, tolerance);
    assign(debatable, own, taken, tolerance);
    rules[rule] = {
      tp: got.filter((fi) => fi !== -1).length,
      fn: got.filter((fi) => fi === -1).length,
      fp: own.length - taken.size,
      debatableSeen: taken.size - got.filter((fi) => fi !== -1).length,
      misses: expected.filter((_, li) => got[li] === -1),
      falsePositives: own.filter((_, fi) => !taken.has(fi)),
    };
  }
  return { rules, services: labels.services === undefined ? undefined : scoreServices(labels, services) };
}

/**
 * The reader's name of each alias a service label accepts (`image` for a service the reader calls `app`), so a
 * finding about that service counts under either name, as the service itself does (scoreServices). An alias that is
 * another labelled service's own name stays that service's.
 */
function readersNames(labels) {
  const own = new Set((labels.services ?? []).map((s) => s.name));
  const out = new Map();
  for (const service of labels.services ?? []) {
    for (const alias of service.aliases ?? []) if (!own.has(alias)) out.set(alias, service.name);
  }
  return out;
}

/** A rule label written with an alias (`service: "image"`) under the reader's name too, so both sides compare alike. */
function labelInReadersNames(label, byReadersName) {
  if (byReadersName.size === 0) return label;
  const rename = (name) => byReadersName.get(name) ?? name;
  let out = label;
  if (typeof out.service === "string" && byReadersName.has(out.service)) out = { ...out, service: rename(out.service) };
  if (Array.isArray(out.services) && out.services.some((n) => byReadersName.has(n))) out = { ...out, services: out.services.map(rename) };
  // A callee or importee named by its alias (`match: { targetService: "auth_service" }`) is the reader's service too.
  if (typeof out.match?.targetService === "string" && byReadersName.has(out.match.targetService)) out = { ...out, match: { ...out.match, targetService: rename(out.match.targetService) } };
  return out;
}

/** The finding with its services under the reader's names (the same finding when none is an alias). */
function inReadersNames(finding, byReadersName) {
  if (byReadersName.size === 0) return finding;
  const data = { ...(finding.data ?? {}) };
  const rename = (name) => byReadersName.get(name) ?? name;
  let renamed = false;
  if (typeof data.service === "string" && byReadersName.has(data.service)) [data.service, renamed] = [rename(data.service), true];
  if (typeof data.services === "string" && data.services.split(",").some((n) => byReadersName.has(n))) [data.services, renamed] = [data.services.split(",").map(rename).join(","), true];
  if (typeof data.targetService === "string" && byReadersName.has(data.targetService)) [data.targetService, renamed] = [rename(data.targetService), true];
  return renamed ? { ...finding, data } : finding;
}

function folderOf(path) {
  const trimmed = String(path ?? "").replace(/^\.\/?/, "").replace(/\/+$/, "");
  return trimmed === "" ? "." : trimmed;
}

/**
 * A reader's service is found when a service of the model has its name (or one of the `aliases` a reader accepts
 * just as well, such as a compose entry's name beside the package's) and its folder. One with only the name, or
 * only the folder, is a miss said with what the tool made of it (a wrong name or folder is what a reader sees
 * wrong), not also an extra. Extra: a model service matching no reader's service nor a debatable one by either.
 */
export function scoreServices(labels, services) {
  const named = labels.services ?? [];
  const debatable = labels.debatableServices ?? [];
  const model = services.map((s) => ({ name: s.name, folder: folderOf(s.root), language: s.language }));
  const used = new Set();
  const found = [];
  const missed = [];
  for (const want of named) {
    const folder = folderOf(want.folder);
    const names = [want.name, ...(want.aliases ?? [])];
    const exact = model.findIndex((s, i) => !used.has(i) && names.includes(s.name) && s.folder === folder);
    if (exact !== -1) {
      used.add(exact);
      found.push(want);
      continue;
    }
    const near = model.findIndex((s, i) => !used.has(i) && (names.includes(s.name) || s.folder === folder));
    if (near !== -1) {
      used.add(near);
      const got = model[near];
      missed.push({ ...want, seenAs: names.includes(got.name) ? `at folder ${got.folder}` : `named ${got.name}` });
    } else missed.push(want);
  }
  model.forEach((s, i) => {
    if (used.has(i)) return;
    if (debatable.some((d) => d.name === s.name || folderOf(d.folder) === s.folder)) used.add(i);
    // An nginx front (a built front end, a proxy image) is a node of the picture, not a Node service: the rounds in
    // docs/accuracy.md leave it uncounted unless a reader names it.
    else if (s.language === "nginx") used.add(i);
  });
  const extra = model.filter((_, i) => !used.has(i)).map(({ name, folder }) => ({ name, folder }));
  return { found, missed, extra };
}

function ratio(a, b) {
  return b === 0 ? null : a / b;
}

/** Sums the trees' scores per rule, with precision and recall (null where nothing was found or expected). */
export function totals(scores) {
  const perRule = {};
  for (const rule of RULES) perRule[rule] = { tp: 0, fp: 0, fn: 0, trees: 0 };
  const services = { named: 0, found: 0, missed: 0, extra: 0, trees: 0 };
  for (const score of scores) {
    for (const [rule, r] of Object.entries(score.rules)) {
      const sum = (perRule[rule] ??= { tp: 0, fp: 0, fn: 0, trees: 0 });
      sum.tp += r.tp;
      sum.fp += r.fp;
      sum.fn += r.fn;
      sum.trees += 1;
    }
    if (score.services) {
      services.trees += 1;
      services.found += score.services.found.length;
      services.missed += score.services.missed.length;
      services.named += score.services.found.length + score.services.missed.length;
      services.extra += score.services.extra.length;
    }
  }
  for (const sum of Object.values(perRule)) {
    sum.precision = ratio(sum.tp, sum.tp + sum.fp);
    sum.recall = ratio(sum.tp, sum.tp + sum.fn);
  }
  return { perRule, services };
}

/** What is wrong with a label file, one line each (empty when it is well formed). */
export function labelProblems(labels) {
  const problems = [];
  if (typeof labels.repository !== "string" || !/^[^/\s]+\/[^/\s]+$/.test(labels.repository)) problems.push("repository must be owner/name");
  if (typeof labels.commit !== "string" || !/^[0-9a-f]{7,40}$/.test(labels.commit)) problems.push("commit must be a hexadecimal commit id");
  for (const s of [...(labels.services ?? []), ...(labels.debatableServices ?? [])]) {
    if (typeof s.name !== "string" || typeof s.folder !== "string") problems.push(`service ${JSON.stringify(s)} needs a name and a folder`);
  }
  for (const [rule, entry] of Object.entries(labels.rules ?? {})) {
    if (!RULES.includes(rule)) problems.push(`unknown rule ${rule}`);
    for (const kind of ["expected", "debatable"]) {
      for (const l of entry[kind] ?? []) {
        const where = `${rule} ${kind} ${JSON.stringify(l).slice(0, 80)}`;
        if (l.service === undefined && l.services === undefined) problems.push(`${where}: needs service or services`);
        if (l.line !== undefined && (!Number.isInteger(l.line) || l.file === undefined)) problems.push(`${where}: a line needs a file and must be a whole number`);
        // One finding a service is what missing-tracing makes, and a set of services is what a shared datastore is;
        // any other finding needs a place or a detail to be told from the service's others.
        if (l.file === undefined && l.match === undefined && rule !== "missing-tracing" && l.services === undefined) problems.push(`${where}: needs a file or a match detail to be told apart`);
        if (typeof l.why !== "string" || l.why === "") problems.push(`${where}: needs a one-line why`);
      }
    }
  }
  return problems;
}
