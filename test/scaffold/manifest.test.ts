import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { buildManifest, MANIFEST_FILE, MANIFEST_SCHEMA_VERSION, sha256 } from "../../src/scaffold/manifest.js";
import { EXECUTABLE_MODE, VirtualTree } from "../../src/scaffold/virtual-tree.js";

const input = { toolVersion: "9.9.9", template: { name: "service", version: "0.1.0" }, name: "orders", answers: { port: 3000, topics: ["a"] } };

describe("sha256", () => {
  it("is the hex digest of the bytes", () => {
    expect(sha256(Buffer.from(""))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256(Buffer.from("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("buildManifest", () => {
  it("records the tool, template, name, answers and every file's hash and mode", () => {
    const tree = new VirtualTree();
    tree.write("src/app.ts", "export {};\n");
    tree.write("bin/run.sh", "#!/bin/sh\n", EXECUTABLE_MODE);
    tree.write("blob.bin", Buffer.from([0, 255, 123, 123]));
    expect(buildManifest(tree, input)).toEqual({
      manifestVersion: MANIFEST_SCHEMA_VERSION,
      tool: { name: "create-service", version: "9.9.9" },
      template: { name: "service", version: "0.1.0" },
      name: "orders",
      answers: { port: 3000, topics: ["a"] },
      files: {
        "bin/run.sh": { sha256: createHash("sha256").update("#!/bin/sh\n").digest("hex"), mode: "755" },
        "blob.bin": { sha256: createHash("sha256").update(Buffer.from([0, 255, 123, 123])).digest("hex"), mode: "644" },
        "src/app.ts": { sha256: createHash("sha256").update("export {};\n").digest("hex"), mode: "644" },
      },
    });
    expect(MANIFEST_SCHEMA_VERSION).toBe(1);
  });

  it("lists every file except the manifest itself, in path order", () => {
    const tree = new VirtualTree();
    tree.write("z.txt", "z");
    tree.write(MANIFEST_FILE, "{}");
    tree.write("a.txt", "a");
    const manifest = buildManifest(tree, input);
    expect(Object.keys(manifest.files)).toEqual(["a.txt", "z.txt"]);
    expect(MANIFEST_FILE).toBe(".create-service.json");
  });

  it("holds nothing that changes between runs", () => {
    const tree = new VirtualTree();
    tree.write("a.txt", "a");
    expect(JSON.stringify(buildManifest(tree, input))).toBe(JSON.stringify(buildManifest(tree, input)));
    expect(JSON.stringify(buildManifest(tree, input))).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });
});
