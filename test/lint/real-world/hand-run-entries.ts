import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "hand-run-entries",
  mirrors: "one package whose README starts four node processes by hand (one file each, each listening on its own port), no deployment file",
  services: [
    // intake.js listens on 5101 and calls labels through LABELS_URL, unset, so its fallback http://localhost:5102.
    { name: "intake", root: "", routes: 1, datastores: ["postgres://localhost:5432/parceldesk"] },
    // labels.js listens on 5102 and calls pickup at localhost:5103; it opens no database.
    { name: "labels", root: "", routes: 1, datastores: [] },
    // server.js: a name that says nothing of what it does, so the package's own name.
    { name: "parcel-desk", root: "", routes: 1, datastores: ["postgres://localhost:5432/parceldesk"] },
    { name: "pickup", root: "", routes: 1, datastores: ["postgres://localhost:5432/parceldesk"] },
    // scripts/mock-carrier.js listens too, but is a development stand-in: no service.
  ],
  libraries: [],
  topics: [],
  findings: [
    { rule: "unversioned-route", services: "intake", at: "intake.js:9" },
    { rule: "unversioned-route", services: "labels", at: "labels.js:8" },
    { rule: "unversioned-route", services: "pickup", at: "pickup.js:7" },
    { rule: "unversioned-route", services: "parcel-desk", at: "server.js:6" },
    // intake's POST /parcels awaits labels' POST /labels, which awaits pickup's POST /pickups.
    { rule: "sync-call-chain", services: "intake,labels,pickup", at: "intake.js:11", hops: ["intake.js:9", "intake.js:11", "labels.js:8", "labels.js:9", "pickup.js:7"] },
    { rule: "unprotected-call", services: "intake", at: "intake.js:11" },
    { rule: "unprotected-call", services: "labels", at: "labels.js:9" },
    // lib/pool.js is no service's own file: each process that requires it opens the one database.
    { rule: "shared-database", services: "intake,parcel-desk,pickup", at: "lib/pool.js:4" },
    { rule: "missing-tracing", services: "intake", at: "intake.js:9" },
    { rule: "missing-tracing", services: "labels", at: "labels.js:8" },
    { rule: "missing-tracing", services: "pickup", at: "pickup.js:7" },
    { rule: "missing-tracing", services: "parcel-desk", at: "server.js:6" },
  ],
  // That the package was taken for four services is an inference, and said.
  diagnostics: [{ kind: "not-understood" }],
};

export default expected;
