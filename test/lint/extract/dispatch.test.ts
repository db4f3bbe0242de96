import { describe, expect, it } from "vitest";
import type { ts } from "../../../src/lint/ts.js";
import { extractFile } from "../../../src/lint/extract/walk.js";
import type { Extractor } from "../../../src/lint/extract/extractor.js";
import type { ExtractContext } from "../../../src/lint/extract/context.js";

/**
 * The walker asks an extractor that names its `modules` about a file's nodes only when the file
 * imports one of them; extractors without `modules` see every file. What each hook was asked is
 * recorded, so the test sees the dispatch itself, not an extractor's own early return.
 */
function recording(modules?: readonly string[]): { extractor: Extractor; seen: string[] } {
  const seen: string[] = [];
  const extractor: Extractor = {
    family: modules ? "gated" : "open",
    ...(modules ? { modules } : {}),
    callProperties: ["send"],
    call: (node: ts.CallExpression, ctx: ExtractContext) => void seen.push(`call ${ctx.text(node)}`),
    newExpression: (node: ts.NewExpression, ctx: ExtractContext) => void seen.push(`new ${ctx.text(node)}`),
    classDeclaration: (node: ts.ClassDeclaration) => void seen.push(`class ${node.name?.text}`),
    fileEnd: () => void seen.push("end"),
  };
  return { extractor, seen };
}

const BODY = `class Sender {}\nconst client = new Sender();\nclient.send("x");\n`;

describe("dispatch by imported modules", () => {
  it("leaves an extractor out of a file that imports none of its modules", () => {
    const gated = recording(["@grpc/grpc-js"]);
    const open = recording();
    extractFile("a.ts", `import express from "express";\n${BODY}`, [gated.extractor, open.extractor]);
    expect(gated.seen).toEqual([]);
    expect(open.seen).toEqual(["class Sender", "new new Sender()", 'call client.send("x")', "end"]);
  });

  it("asks it about every node of a file that imports one, by import, require, subpath or re-export", () => {
    for (const header of [`import * as grpc from "@grpc/grpc-js";`, `const grpc = require("grpc");`, `import { x } from "@grpc/grpc-js/build/src/x";`, `export { credentials } from "grpc";`]) {
      const gated = recording(["@grpc/grpc-js", "grpc"]);
      extractFile("a.ts", `${header}\n${BODY}`, [gated.extractor]);
      expect(gated.seen, header).toEqual(["class Sender", "new new Sender()", 'call client.send("x")', "end"]);
    }
  });

  it("keeps two files with different imports apart though they share one list of extractors", () => {
    const gated = recording(["kafkajs"]);
    const other = recording(["amqplib"]);
    const extractors = [gated.extractor, other.extractor];
    extractFile("a.ts", `import { Kafka } from "kafkajs";\n${BODY}`, extractors);
    extractFile("b.ts", `import amqp from "amqplib";\n${BODY}`, extractors);
    extractFile("c.ts", BODY, extractors);
    expect(gated.seen).toEqual(["class Sender", "new new Sender()", 'call client.send("x")', "end"]);
    expect(other.seen).toEqual(["class Sender", "new new Sender()", 'call client.send("x")', "end"]);
  });

  it("tells apart files whose imports differ only in the first of many gated extractors", () => {
    // With a plan remembered by a number summing one bit per extractor, sixty gates lose the low bits.
    const many = Array.from({ length: 60 }, (_, i) => recording([`pkg-${i}`]));
    const extractors = many.map((r) => r.extractor);
    extractFile("a.ts", `import "pkg-59";\n${BODY}`, extractors);
    extractFile("b.ts", `import "pkg-59";\nimport "pkg-0";\n${BODY}`, extractors);
    expect(many[0]!.seen).toEqual(["class Sender", "new new Sender()", 'call client.send("x")', "end"]);
    expect(many[59]!.seen).toHaveLength(8);
  });

  it("gates on a relative module when an extractor names one", () => {
    const gated = recording(["./db"]);
    const extractors = [gated.extractor];
    extractFile("a.ts", `import { pool } from "./other";\n${BODY}`, extractors);
    extractFile("b.ts", `import { pool } from "./db";\n${BODY}`, extractors);
    expect(gated.seen).toEqual(["class Sender", "new new Sender()", 'call client.send("x")', "end"]);
  });
});
