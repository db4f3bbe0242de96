import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/** The OpenAPI document an openapi-backend instance is made from (extract/openapi-backend.ts), which the model reads routes from. */
const documents = (code: string) => (facts(`import path from "node:path";\nimport OpenAPIBackend from "openapi-backend";\n${code}`).openapiDocuments ?? []).map((d) => `${d.spec}${d.fromDir ? " (beside the file)" : ""} @${d.location.line}`);

describe("[U] openapi-backend documents", () => {
  it("a document named through a local beside __dirname: the local's text, anchored to the file's folder", () => {
    expect(documents(`const file = "./openapi.yaml";\nconst api = new OpenAPIBackend({ definition: path.join(__dirname, file), handlers: {} });\n`)).toEqual(["./openapi.yaml (beside the file) @4"]);
  });

  it("a document joined to another folder than __dirname is not anchored to the file's folder", () => {
    expect(documents(`const root = process.cwd();\nconst api = new OpenAPIBackend({ definition: path.join(root, "api/spec.json"), handlers: {} });\n`)).toEqual(["api/spec.json @4"]);
  });
});
