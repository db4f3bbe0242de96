import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compatible, labelProblems, scoreTree, totals, type Finding, type Labels } from "../../scripts/accuracy/match.mjs";

/**
 * `npm run accuracy` counts arch-lint's findings against hand labels. These tests pin the counting: a finding
 * matches a label by rule and service, then by the label's details, file and line (within a few lines), each
 * finding and each label used once; debatable labels count neither way; rules a label file leaves out are not
 * scored.
 */

function finding(ruleId: string, file: string, line: number, data: Record<string, unknown>): Finding {
  return { ruleId, file, line, message: `${ruleId} at ${file}:${line}`, data };
}

function labels(rules: Labels["rules"], services?: Labels["services"]): Labels {
  return { repository: "someone/shop", commit: "0123456789abcdef0123456789abcdef01234567", rules, services };
}

describe("matching findings to labels", () => {
  it("takes a finding a few lines from the reader's line as the same finding, and one further away as another", () => {
    const set = labels({
      "unprotected-call": {
        expected: [{ service: "orders", file: "orders/src/pay.ts", line: 10, why: "calls payments with no timeout" }],
      },
    });
    const near = scoreTree(set, [finding("unprotected-call", "orders/src/pay.ts", 13, { service: "orders" })], []);
    expect(near.rules["unprotected-call"]).toMatchObject({ tp: 1, fp: 0, fn: 0 });

    const far = scoreTree(set, [finding("unprotected-call", "orders/src/pay.ts", 14, { service: "orders" })], []);
    expect(far.rules["unprotected-call"]).toMatchObject({ tp: 0, fp: 1, fn: 1 });
    expect(far.rules["unprotected-call"]?.misses[0]?.why).toBe("calls payments with no timeout");
    expect(far.rules["unprotected-call"]?.falsePositives[0]?.line).toBe(14);
  });

  it("counts a finding about a service under any name the reader's service label accepts", () => {
    const set = labels(
      {
        "missing-tracing": { expected: [{ service: "app", why: "loads no tracer" }] },
        "shared-database": { expected: [{ services: ["app", "billing"], why: "one database" }] },
      },
      [
        { name: "app", folder: "services/image", aliases: ["image"] },
        { name: "billing", folder: "services/billing", aliases: ["payments"] },
        // "payments" is also this service's own name: a finding under it stays this service's.
        { name: "payments", folder: "services/payments" },
      ],
    );
    const score = scoreTree(
      set,
      [
        finding("missing-tracing", "services/image/src/main.ts", 1, { service: "image" }),
        finding("shared-database", "services/image/src/db.ts", 3, { services: "image,billing" }),
        finding("missing-tracing", "services/payments/src/main.ts", 1, { service: "payments" }),
      ],
      [],
    );
    expect(score.rules["missing-tracing"]).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(score.rules["shared-database"]).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    // A rule label written with the alias matches the finding under either name.
    const byAlias = labels({ "missing-tracing": { expected: [{ service: "image", why: "loads no tracer" }] } }, [{ name: "app", folder: "services/image", aliases: ["image"] }]);
    for (const name of ["image", "app"]) {
      expect(scoreTree(byAlias, [finding("missing-tracing", "services/image/src/main.ts", 1, { service: name })], []).rules["missing-tracing"]).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    }
  });

  it("a target named by an alias (a compose entry's name for the reader's folder) matches the label's target, both ways", () => {
    const services = [
      { name: "accounts", folder: "svc/accounts", aliases: ["accounts_api"] },
      { name: "profile", folder: "svc/profile", aliases: ["profile_api"] },
    ];
    const wanted = labels({ "cross-service-import": { expected: [{ service: "profile", file: "svc/profile/a.js", line: 2, match: { targetService: "accounts" }, why: "imports accounts' token helper" }] } }, services);
    const found = finding("cross-service-import", "svc/profile/a.js", 2, { service: "profile_api", targetService: "accounts_api" });
    expect(scoreTree(wanted, [found], []).rules["cross-service-import"]).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    const byAlias = labels({ "cross-service-import": { expected: [{ service: "profile_api", file: "svc/profile/a.js", line: 2, match: { targetService: "accounts_api" }, why: "the same, written with the aliases" }] } }, services);
    expect(scoreTree(byAlias, [finding("cross-service-import", "svc/profile/a.js", 2, { service: "profile", targetService: "accounts" })], []).rules["cross-service-import"]).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    // Another target stays another.
    expect(scoreTree(wanted, [finding("cross-service-import", "svc/profile/a.js", 2, { service: "profile_api", targetService: "profile_api" })], []).rules["cross-service-import"]).toMatchObject({ tp: 0, fp: 1, fn: 1 });
  });

  it("needs the same file, the same service and the same rule", () => {
    const set = labels({
      "hardcoded-endpoint": { expected: [{ service: "orders", file: "orders/src/kafka.ts", line: 5, why: "broker at localhost" }] },
    });
    const score = scoreTree(
      set,
      [
        finding("hardcoded-endpoint", "orders/src/other.ts", 5, { service: "orders" }),
        finding("hardcoded-endpoint", "orders/src/kafka.ts", 5, { service: "payments" }),
        finding("unprotected-call", "orders/src/kafka.ts", 5, { service: "orders" }),
      ],
      [],
    );
    expect(score.rules["hardcoded-endpoint"]).toMatchObject({ tp: 0, fp: 2, fn: 1 });
    // unprotected-call is not labelled in this file: its finding counts neither way.
    expect(score.rules["unprotected-call"]).toBeUndefined();
    const label = { rule: "hardcoded-endpoint", service: "orders", file: "orders/src/kafka.ts", line: 5, why: "w" };
    expect(compatible(label, finding("hardcoded-endpoint", "orders/src/kafka.ts", 5, { service: "orders" }))).toBe(true);
    expect(compatible(label, finding("unprotected-call", "orders/src/kafka.ts", 5, { service: "orders" }))).toBe(false);
  });

  it("matches a label keyed by a stable detail wherever the line is, and not a finding with another detail", () => {
    const set = labels({
      "unversioned-route": {
        expected: [
          { service: "orders", file: "orders/src/routes.ts", match: { method: "GET", path: "/orders" }, why: "no version" },
          { service: "orders", match: { method: "POST", path: "/orders" }, why: "no version" },
        ],
      },
    });
    const score = scoreTree(
      set,
      [
        finding("unversioned-route", "orders/src/routes.ts", 79, { service: "orders", method: "GET", path: "/orders/:id" }),
        finding("unversioned-route", "orders/src/routes.ts", 80, { service: "orders", method: "GET", path: "/orders" }),
        finding("unversioned-route", "orders/src/elsewhere.ts", 3, { service: "orders", method: "POST", path: "/orders" }),
      ],
      [],
    );
    expect(score.rules["unversioned-route"]).toMatchObject({ tp: 2, fp: 1, fn: 0 });
    expect(score.rules["unversioned-route"]?.falsePositives[0]?.data["path"]).toBe("/orders/:id");
  });

  it("pairs as many labels as it can, each finding used once: a second finding for one label is a false positive", () => {
    // The label at 13 is nearest the finding at 12, but only the finding at 12 is within reach of the label at 10.
    const crowded = scoreTree(
      labels({
        "unprotected-call": {
          expected: [
            { service: "orders", file: "orders/a.ts", line: 13, why: "calls users" },
            { service: "orders", file: "orders/a.ts", line: 10, why: "calls payments" },
          ],
        },
      }),
      [finding("unprotected-call", "orders/a.ts", 12, { service: "orders" }), finding("unprotected-call", "orders/a.ts", 15, { service: "orders" })],
      [],
    );
    expect(crowded.rules["unprotected-call"]).toMatchObject({ tp: 2, fp: 0, fn: 0 });

    const set = labels({
      "dual-write": {
        expected: [
          { service: "orders", file: "orders/a.ts", line: 10, why: "save then publish" },
          { service: "orders", file: "orders/a.ts", line: 12, why: "update then publish" },
        ],
      },
    });
    const both = scoreTree(
      set,
      [finding("dual-write", "orders/a.ts", 13, { service: "orders" }), finding("dual-write", "orders/a.ts", 9, { service: "orders" })],
      [],
    );
    expect(both.rules["dual-write"]).toMatchObject({ tp: 2, fp: 0, fn: 0 });

    const twice = scoreTree(
      labels({ "dual-write": { expected: [{ service: "orders", file: "orders/a.ts", line: 10, why: "save then publish" }] } }),
      [finding("dual-write", "orders/a.ts", 12, { service: "orders" }), finding("dual-write", "orders/a.ts", 10, { service: "orders" })],
      [],
    );
    expect(twice.rules["dual-write"]).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(twice.rules["dual-write"]?.falsePositives.map((f) => f.line)).toEqual([12]);
  });

  it("counts a finding a reader judged debatable neither way, and a debatable label nobody found is no miss", () => {
    const set = labels({
      "dual-write": {
        expected: [],
        debatable: [
          { service: "reco", file: "reco/events.js", why: "cache or store is a reader's call" },
          { service: "orders", file: "orders/x.js", why: "never found" },
        ],
      },
    });
    const score = scoreTree(set, [finding("dual-write", "reco/events.js", 54, { service: "reco" })], []);
    expect(score.rules["dual-write"]).toMatchObject({ tp: 0, fp: 0, fn: 0, debatableSeen: 1 });
  });

  it("prefers an expected label over a debatable one for the same finding", () => {
    const set = labels({
      "missing-tracing": {
        expected: [{ service: "orders", why: "no tracer" }],
        debatable: [{ service: "orders", why: "maybe" }],
      },
    });
    const score = scoreTree(set, [finding("missing-tracing", "orders/index.js", 1, { service: "orders" })], []);
    expect(score.rules["missing-tracing"]).toMatchObject({ tp: 1, fp: 0, fn: 0, debatableSeen: 0 });
  });

  it("compares a shared datastore's services as a set, and a chain by the service whose route starts it", () => {
    const set = labels({
      "shared-database": { expected: [{ services: ["users", "payments"], why: "one MySQL database" }] },
      "sync-call-chain": { expected: [{ service: "gateway", file: "gateway/index.js", line: 16, why: "gateway -> orders -> users" }] },
    });
    const score = scoreTree(
      set,
      [
        finding("shared-database", "users/app.module.ts", 9, { services: "payments,users,audit", datastore: "mysql://db/y" }),
        finding("shared-database", "users/app.module.ts", 9, { services: "payments,users", datastore: "mysql://db/x" }),
        finding("sync-call-chain", "gateway/index.js", 16, { services: "gateway,orders,users", depth: 2 }),
      ],
      [],
    );
    expect(score.rules["shared-database"]).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(score.rules["shared-database"]?.falsePositives[0]?.data["services"]).toBe("payments,users,audit");
    expect(score.rules["sync-call-chain"]).toMatchObject({ tp: 1, fp: 0, fn: 0 });
  });

  it("sums trees per rule with precision and recall, leaving a rule nobody labelled without either", () => {
    const a = scoreTree(
      labels({ "unprotected-call": { expected: [{ service: "o", file: "o.js", line: 1, why: "w" }, { service: "o", file: "o.js", line: 9, why: "w" }] } }),
      [finding("unprotected-call", "o.js", 1, { service: "o" }), finding("unprotected-call", "o.js", 30, { service: "o" })],
      [],
    );
    const b = scoreTree(labels({ "unprotected-call": { expected: [{ service: "p", file: "p.js", line: 4, why: "w" }] } }), [finding("unprotected-call", "p.js", 5, { service: "p" })], []);
    const sum = totals([a, b]);
    expect(sum.perRule["unprotected-call"]).toMatchObject({ tp: 2, fp: 1, fn: 1, trees: 2, precision: 2 / 3, recall: 2 / 3 });
    expect(sum.perRule["dual-write"]).toMatchObject({ tp: 0, trees: 0, precision: null, recall: null });
  });
});

describe("services", () => {
  it("finds a service by name (or an alias) and folder, says what the tool made of a near one, and counts the rest but nginx fronts as extra", () => {
    const set: Labels = {
      ...labels({}),
      services: [
        { name: "orders", folder: "services/orders" },
        { name: "image", folder: "services/image", aliases: ["app"] },
        { name: "auth", folder: "auth" },
        { name: "users", folder: "users" },
        { name: "emails", folder: "emails" },
      ],
      debatableServices: [{ name: "nginx", folder: "nginx" }],
    };
    const score = scoreTree(set, [], [
      { name: "orders", root: "services/orders/" },
      { name: "app", root: "services/image" },
      { name: "event-ticketing-auth", root: "auth" },
      { name: "users", root: "." },
      { name: "nginx", root: "nginx" },
      { name: "web", root: "web", language: "nginx" },
      { name: "orders-dev", root: "services/orders-dev" },
    ]).services;
    expect(score?.found.map((s) => s.name)).toEqual(["orders", "image"]);
    expect(score?.missed).toEqual([
      { name: "auth", folder: "auth", seenAs: "named event-ticketing-auth" },
      { name: "users", folder: "users", seenAs: "at folder ." },
      { name: "emails", folder: "emails" },
    ]);
    expect(score?.extra).toEqual([{ name: "orders-dev", folder: "services/orders-dev" }]);
    expect(totals([{ rules: {}, services: score }]).services).toEqual({ named: 5, found: 2, missed: 3, extra: 1, trees: 1 });
  });
});

describe("the label set", () => {
  const folder = join(import.meta.dirname, "labels");
  it("holds well-formed label files, one per repository, each at a full commit", () => {
    const files = readdirSync(folder).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const set = JSON.parse(readFileSync(join(folder, file), "utf8")) as Labels;
      expect(labelProblems(set), file).toEqual([]);
      expect(set.commit, file).toMatch(/^[0-9a-f]{40}$/);
      expect(file).toBe(`${set.repository.replace("/", "+")}.json`);
    }
  });

  it("says what is wrong with a malformed label", () => {
    expect(labelProblems({ repository: "x", commit: "zz", rules: { "no-such-rule": { expected: [{ file: "a.js", line: 1.5 }] } } })).toEqual([
      "repository must be owner/name",
      "commit must be a hexadecimal commit id",
      "unknown rule no-such-rule",
      'no-such-rule expected {"file":"a.js","line":1.5}: needs service or services',
      'no-such-rule expected {"file":"a.js","line":1.5}: a line needs a file and must be a whole number',
      'no-such-rule expected {"file":"a.js","line":1.5}: needs a one-line why',
    ]);
  });
});
