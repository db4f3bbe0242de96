import { describe, expect, it } from "vitest";
import { ts } from "../../../src/lint/ts.js";
import { primeLineStarts } from "../../../src/lint/extract/lines.js";
import { parseSource } from "../../../src/lint/extract/parse.js";

const lineMap = (sf: ts.SourceFile) => (sf as unknown as { lineMap?: readonly number[] }).lineMap;

describe("[U] line starts", () => {
  it("are the ones TypeScript computes, for texts broken by \\n only", () => {
    for (const text of ["", "a", "\n", "a\n", "a\nb", "a\n\nb\n", "const x = 'é';\n// ü\nx();\n"]) {
      const sf = parseSource("a.ts", text);
      primeLineStarts(sf);
      expect(lineMap(sf)).toEqual(parseSource("b.ts", text).getLineStarts());
      expect(sf.getLineAndCharacterOfPosition(text.length)).toEqual(parseSource("b.ts", text).getLineAndCharacterOfPosition(text.length));
    }
  });

  it("are left to TypeScript when \\r, U+2028 or U+2029 breaks a line", () => {
    for (const text of ["a\r\nb", "a\rb", "a\u2028b", "a\u2029b"]) {
      const sf = parseSource("a.ts", text);
      primeLineStarts(sf);
      expect(lineMap(sf)).toBeUndefined();
      expect(sf.getLineAndCharacterOfPosition(text.length).line).toBe(1);
    }
  });
});
