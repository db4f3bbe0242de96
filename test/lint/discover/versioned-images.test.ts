import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * Kubernetes manifests of a canary rollout (Istio's Bookinfo and the demos made from it): one Deployment per version,
 * each running an image named for the app and its version (`acme/details-v1`, `acme/reviews-v2`), built from a folder
 * named for the app, sometimes from a subfolder that packs what the folder's own build made.
 */

const deployment = (name: string, image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: ${name}\n          image: ${image}\n---\n`;

const shelf: Tree = {
  "apps/details/Dockerfile": "FROM ruby:3.3-slim\nCOPY details.rb /opt/\nCMD [\"ruby\", \"/opt/details.rb\", \"9080\"]\n",
  "apps/details/details.rb": "puts 'details'\n",
  "apps/reviews/build.gradle": "apply plugin: 'war'\n",
  "apps/reviews/reviews-wlp/Dockerfile": "FROM websphere-liberty:latest\nCOPY app.war /config/apps/\n",
  "apps/ratings/package.json": { name: "ratings", scripts: { start: "node ratings.js" }, dependencies: { express: "*" } },
  "apps/ratings/ratings.js": `const express = require("express");\nconst app = express();\napp.get("/v1/ratings/:id", (req, res) => res.json({}));\napp.listen(9080);\n`,
  "apps/ratings/Dockerfile": "FROM node:24-slim\nCOPY . .\nCMD [\"node\", \"ratings.js\"]\n",
};

const names = (tree: Tree) => lintTree(tree).model.services.map((s) => `${s.name}${s.language ? ` (${s.language})` : ""}`).sort();

describe("[U] images named for an app and its version (lead22)", () => {
  it("details-v1 runs the details folder's build, reviews-v1 and -v2 the reviews project's, one service each", () => {
    const manifests = deployment("details-v1", "acme/details-v1:1.2") + deployment("reviews-v1", "acme/reviews-v1") + deployment("reviews-v2", "acme/reviews-v2") + deployment("ratings-v1", "acme/ratings-v1");
    expect(names({ ...shelf, "k8s/bookshelf.yaml": manifests })).toEqual(["details (ruby)", "ratings", "reviews (java)"]);
  });

  it("without the version suffix or a project folder named like it, no folder is guessed", () => {
    const manifests = deployment("details-canary", "acme/details-canary") + deployment("reviews-v1", "acme/reviews-v1");
    const { "apps/reviews/build.gradle": _build, ...withoutBuild } = shelf;
    expect(names({ ...withoutBuild, "k8s/bookshelf.yaml": manifests })).toEqual(["ratings"]);
  });
});
