import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/** An Express service opening mongoose on MONGO_URI, with the dbName given (or none). */
const mongoService = (name: string, dbName?: string): Tree =>
  service(name, ["express", "mongoose"], {
    "src/index.ts": `import express from "express";\nimport mongoose from "mongoose";\nconst app = express();\napp.get("/api/${name}", (_req, res) => res.json([]));\nmongoose.connect(process.env.MONGO_URI!${dbName ? `, { dbName: "${dbName}" }` : ""}).then(() => app.listen(3000));\n`,
  });

/** A Deployment running acme/<name>, MONGO_URI from a Secret's key that no manifest of the repository defines. */
const deployment = (name: string, secret: string, key: string): Tree => ({
  [`infra/k8s/${name}.yaml`]: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}-depl\nspec:\n  template:\n    spec:\n      containers:\n        - name: ${name}\n          image: acme/${name}\n          env:\n            - name: MONGO_URI\n              valueFrom:\n                secretKeyRef:\n                  name: ${secret}\n                  key: ${key}\n`,
});

const skaffold = (...names: string[]): Tree => ({
  "skaffold.yaml": `apiVersion: skaffold/v2alpha3\nkind: Config\nbuild:\n  artifacts:\n${names.map((n) => `    - image: acme/${n}\n      context: ${n}\n`).join("")}`,
});

const shared = (tree: Tree) => lintTree(tree).findings.filter((f) => f.ruleId === "shared-database");

describe("[I] services taking their database URL from one Secret key the repository does not hold", () => {
  it("two Deployments reading one key of one Secret into MONGO_URI connect to the same database, whatever it holds", () => {
    const findings = shared({ ...mongoService("kennels"), ...mongoService("vets"), ...deployment("kennels", "app-env", "MONGO_URI"), ...deployment("vets", "app-env", "MONGO_URI"), ...skaffold("kennels", "vets") });
    expect(findings.map((f) => f.data.services)).toEqual(["kennels,vets"]);
    expect(findings[0]!.message).toBe(
      "kennels and vets connect to mongodb with MONGO_URI from Secret app-env key MONGO_URI, which their Kubernetes workloads take and the repository does not hold: whatever it holds, they connect to the same datastore",
    );
  });

  it("each naming its own dbName, or reading another key, they share nothing; the diagnostic says where the URL lives", () => {
    expect(shared({ ...mongoService("kennels", "kennels"), ...mongoService("vets", "vets"), ...deployment("kennels", "app-env", "MONGO_URI"), ...deployment("vets", "app-env", "MONGO_URI"), ...skaffold("kennels", "vets") })).toEqual([]);
    const result = lintTree({ ...mongoService("kennels"), ...mongoService("vets"), ...deployment("kennels", "app-env", "KENNELS_MONGO_URI"), ...deployment("vets", "app-env", "VETS_MONGO_URI"), ...skaffold("kennels", "vets") });
    expect(result.findings.filter((f) => f.ruleId === "shared-database")).toEqual([]);
    expect(result.diagnostics.map((d) => d.message).filter((m) => m.includes("did not resolve"))).toEqual([
      "kennels connects to mongodb through mongoose at kennels/src/index.ts:5, but its URL did not resolve (MONGO_URI comes from Secret app-env key KENNELS_MONGO_URI, which the repository does not hold)",
      "vets connects to mongodb through mongoose at vets/src/index.ts:5, but its URL did not resolve (MONGO_URI comes from Secret app-env key VETS_MONGO_URI, which the repository does not hold)",
    ]);
  });
});
