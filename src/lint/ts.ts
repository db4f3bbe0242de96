import { createRequire } from "node:module";
import type { ts as Ts } from "ts-morph";

/**
 * The TypeScript compiler API that arch-lint parses with: the copy bundled
 * with ts-morph (our dependency), loaded on its own. Importing "ts-morph"
 * also loads its wrapper layer and @ts-morph/common (4 MB of JavaScript the
 * scan never calls), about 50 ms of every run's start-up. When the bundled
 * file is not where ts-morph keeps it (a future layout), ts-morph itself
 * hands out the same compiler.
 */
function loadCompiler(): typeof Ts {
  const require = createRequire(import.meta.url);
  try {
    const fromTsMorph = createRequire(require.resolve("ts-morph"));
    return fromTsMorph("@ts-morph/common/dist/typescript.js") as typeof Ts;
  } catch {
    return (require("ts-morph") as typeof import("ts-morph")).ts;
  }
}

export const ts: typeof Ts = loadCompiler();

/**
 * The compiler's types under the same name as the value, so modules write
 * `ts.Node` and `ts.isIdentifier(...)` as they would with `import { ts } from
 * "ts-morph"`. Only the types the extractors use are listed.
 */
export declare namespace ts {
  type ArrayLiteralExpression = Ts.ArrayLiteralExpression;
  type Block = Ts.Block;
  type PropertyAssignment = Ts.PropertyAssignment;
  type ElementAccessExpression = Ts.ElementAccessExpression;
  type ArrowFunction = Ts.ArrowFunction;
  type BinaryExpression = Ts.BinaryExpression;
  type BindingName = Ts.BindingName;
  type ConditionalExpression = Ts.ConditionalExpression;
  type CallExpression = Ts.CallExpression;
  type ClassDeclaration = Ts.ClassDeclaration;
  type ClassLikeDeclaration = Ts.ClassLikeDeclaration;
  type ConstructorDeclaration = Ts.ConstructorDeclaration;
  type CreateSourceFileOptions = Ts.CreateSourceFileOptions;
  type Decorator = Ts.Decorator;
  type DiagnosticWithLocation = Ts.DiagnosticWithLocation;
  type EntityName = Ts.EntityName;
  type EnumDeclaration = Ts.EnumDeclaration;
  type ExportAssignment = Ts.ExportAssignment;
  type ExportDeclaration = Ts.ExportDeclaration;
  type Expression = Ts.Expression;
  type FunctionDeclaration = Ts.FunctionDeclaration;
  type FunctionExpression = Ts.FunctionExpression;
  type FunctionLikeDeclaration = Ts.FunctionLikeDeclaration;
  type GetAccessorDeclaration = Ts.GetAccessorDeclaration;
  type Identifier = Ts.Identifier;
  type ImportDeclaration = Ts.ImportDeclaration;
  type ImportEqualsDeclaration = Ts.ImportEqualsDeclaration;
  type MethodDeclaration = Ts.MethodDeclaration;
  type ModuleDeclaration = Ts.ModuleDeclaration;
  type NewExpression = Ts.NewExpression;
  type Node = Ts.Node;
  type ObjectLiteralExpression = Ts.ObjectLiteralExpression;
  type ObjectLiteralElementLike = Ts.ObjectLiteralElementLike;
  type ObjectBindingPattern = Ts.ObjectBindingPattern;
  type NonNullExpression = Ts.NonNullExpression;
  type AwaitExpression = Ts.AwaitExpression;
  type ShorthandPropertyAssignment = Ts.ShorthandPropertyAssignment;
  type ParameterDeclaration = Ts.ParameterDeclaration;
  type PrefixUnaryExpression = Ts.PrefixUnaryExpression;
  type PropertyAccessExpression = Ts.PropertyAccessExpression;
  type PropertyDeclaration = Ts.PropertyDeclaration;
  type PropertyName = Ts.PropertyName;
  type IfStatement = Ts.IfStatement;
  type ReturnStatement = Ts.ReturnStatement;
  type ScriptKind = Ts.ScriptKind;
  type SourceFile = Ts.SourceFile;
  type Statement = Ts.Statement;
  type StringLiteral = Ts.StringLiteral;
  type SyntaxKind = Ts.SyntaxKind;
  type TemplateExpression = Ts.TemplateExpression;
  type TypeNode = Ts.TypeNode;
  type VariableDeclaration = Ts.VariableDeclaration;
  type VariableStatement = Ts.VariableStatement;
}
