import { ts } from "../ts.js";

/**
 * Which nodes the extraction walk enters, and the children it visits. The
 * walk over a million nodes spent about a third of its time in
 * ts.forEachChild's generic dispatch and in calls for leaves it then
 * dropped: for the most frequent kinds the children are read here directly,
 * in ts.forEachChild's order (facts keep the order of the source), and the
 * skipped ones are left out before any call. Other kinds go through
 * ts.forEachChild.
 */

export function kindTable(kinds: readonly ts.SyntaxKind[]): Uint8Array {
  const table = new Uint8Array(ts.SyntaxKind.Count + 1);
  for (const kind of kinds) table[kind] = 1;
  return table;
}

const range = (first: ts.SyntaxKind, last: ts.SyntaxKind): ts.SyntaxKind[] => Array.from({ length: last - first + 1 }, (_, i) => (first + i) as ts.SyntaxKind);

/**
 * Nodes the walk does not enter. Type-only syntax: every type node,
 * interfaces, type aliases, import types, declare-only signatures. And the
 * leaves (identifiers, keywords, punctuation, numbers): no hook looks at one
 * on its own and they have no children, yet they are about half of all nodes.
 * String literals are leaves too but may hold SQL, so they are visited.
 */
export const SKIPPED = kindTable([
  ...range(ts.SyntaxKind.FirstToken, ts.SyntaxKind.LastToken).filter((kind) => kind !== ts.SyntaxKind.StringLiteral && kind !== ts.SyntaxKind.NoSubstitutionTemplateLiteral),
  ...range(ts.SyntaxKind.FirstTypeNode, ts.SyntaxKind.LastTypeNode),
  ts.SyntaxKind.InterfaceDeclaration,
  ts.SyntaxKind.TypeAliasDeclaration,
  ts.SyntaxKind.TypeParameter,
  ts.SyntaxKind.ImportDeclaration,
  ts.SyntaxKind.MethodSignature,
  ts.SyntaxKind.PropertySignature,
  ts.SyntaxKind.IndexSignature,
]);

/** The fields ts.forEachChild reads for the kinds below (each kind has some of them). */
interface Parts {
  modifiers?: readonly ts.Node[];
  typeParameters?: readonly ts.Node[];
  parameters?: readonly ts.Node[];
  typeArguments?: readonly ts.Node[];
  arguments?: readonly ts.Node[];
  statements?: readonly ts.Node[];
  declarations?: readonly ts.Node[];
  properties?: readonly ts.Node[];
  elements?: readonly ts.Node[];
  templateSpans?: readonly ts.Node[];
  expression?: ts.Node;
  questionDotToken?: ts.Node;
  name?: ts.Node;
  argumentExpression?: ts.Node;
  declarationList?: ts.Node;
  exclamationToken?: ts.Node;
  questionToken?: ts.Node;
  dotDotDotToken?: ts.Node;
  equalsToken?: ts.Node;
  equalsGreaterThanToken?: ts.Node;
  operatorToken?: ts.Node;
  type?: ts.Node;
  initializer?: ts.Node;
  objectAssignmentInitializer?: ts.Node;
  propertyName?: ts.Node;
  body?: ts.Node;
  thenStatement?: ts.Node;
  elseStatement?: ts.Node;
  operand?: ts.Node;
  head?: ts.Node;
  literal?: ts.Node;
  left?: ts.Node;
  right?: ts.Node;
}

const SK = ts.SyntaxKind;

/** Calls `visit` for each child of `node` the walk enters, in source order. */
export function visitChildren(node: ts.Node, visit: (node: ts.Node) => void): void {
  const n = node as unknown as Parts;
  switch (node.kind) {
    case SK.PropertyAccessExpression:
      one(n.expression, visit);
      one(n.questionDotToken, visit);
      one(n.name, visit);
      return;
    case SK.CallExpression:
    case SK.NewExpression:
      one(n.expression, visit);
      one(n.questionDotToken, visit);
      all(n.typeArguments, visit);
      all(n.arguments, visit);
      return;
    case SK.ExpressionStatement:
    case SK.AwaitExpression:
    case SK.ReturnStatement:
    case SK.ParenthesizedExpression:
    case SK.SpreadAssignment:
    case SK.SpreadElement:
      one(n.expression, visit);
      return;
    case SK.Block:
      all(n.statements, visit);
      return;
    case SK.VariableStatement:
      all(n.modifiers, visit);
      one(n.declarationList, visit);
      return;
    case SK.VariableDeclarationList:
      all(n.declarations, visit);
      return;
    case SK.VariableDeclaration:
      one(n.name, visit);
      one(n.exclamationToken, visit);
      one(n.type, visit);
      one(n.initializer, visit);
      return;
    case SK.PropertyAssignment:
      all(n.modifiers, visit);
      one(n.name, visit);
      one(n.questionToken, visit);
      one(n.exclamationToken, visit);
      one(n.initializer, visit);
      return;
    case SK.ShorthandPropertyAssignment:
      all(n.modifiers, visit);
      one(n.name, visit);
      one(n.questionToken, visit);
      one(n.exclamationToken, visit);
      one(n.equalsToken, visit);
      one(n.objectAssignmentInitializer, visit);
      return;
    case SK.ObjectLiteralExpression:
      all(n.properties, visit);
      return;
    case SK.ArrayLiteralExpression:
    case SK.ObjectBindingPattern:
    case SK.ArrayBindingPattern:
      all(n.elements, visit);
      return;
    case SK.ArrowFunction:
      all(n.modifiers, visit);
      all(n.typeParameters, visit);
      all(n.parameters, visit);
      one(n.type, visit);
      one(n.equalsGreaterThanToken, visit);
      one(n.body, visit);
      return;
    case SK.Parameter:
      all(n.modifiers, visit);
      one(n.dotDotDotToken, visit);
      one(n.name, visit);
      one(n.questionToken, visit);
      one(n.type, visit);
      one(n.initializer, visit);
      return;
    case SK.BindingElement:
      one(n.dotDotDotToken, visit);
      one(n.propertyName, visit);
      one(n.name, visit);
      one(n.initializer, visit);
      return;
    case SK.ElementAccessExpression:
      one(n.expression, visit);
      one(n.questionDotToken, visit);
      one(n.argumentExpression, visit);
      return;
    case SK.BinaryExpression:
      one(n.left, visit);
      one(n.operatorToken, visit);
      one(n.right, visit);
      return;
    case SK.IfStatement:
      one(n.expression, visit);
      one(n.thenStatement, visit);
      one(n.elseStatement, visit);
      return;
    case SK.PrefixUnaryExpression:
    case SK.PostfixUnaryExpression:
      one(n.operand, visit);
      return;
    case SK.AsExpression:
    case SK.SatisfiesExpression:
      one(n.expression, visit);
      one(n.type, visit);
      return;
    case SK.TemplateExpression:
      one(n.head, visit);
      all(n.templateSpans, visit);
      return;
    case SK.TemplateSpan:
      one(n.expression, visit);
      one(n.literal, visit);
      return;
    default:
      ts.forEachChild(node, visit);
  }
}

function one(child: ts.Node | undefined, visit: (node: ts.Node) => void): void {
  if (child !== undefined && SKIPPED[child.kind] !== 1) visit(child);
}

function all(children: readonly ts.Node[] | undefined, visit: (node: ts.Node) => void): void {
  if (children === undefined) return;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (SKIPPED[child.kind] !== 1) visit(child);
  }
}

/** SyntaxKind values, read once (a property lookup per node adds up over 10,000 files). */
export const K = {
  VariableDeclaration: ts.SyntaxKind.VariableDeclaration,
  CallExpression: ts.SyntaxKind.CallExpression,
  NewExpression: ts.SyntaxKind.NewExpression,
  ClassDeclaration: ts.SyntaxKind.ClassDeclaration,
  ClassExpression: ts.SyntaxKind.ClassExpression,
  StringLiteral: ts.SyntaxKind.StringLiteral,
  NoSubstitutionTemplateLiteral: ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  TemplateExpression: ts.SyntaxKind.TemplateExpression,
  ExportAssignment: ts.SyntaxKind.ExportAssignment,
  ExportDeclaration: ts.SyntaxKind.ExportDeclaration,
  BinaryExpression: ts.SyntaxKind.BinaryExpression,
  FunctionDeclaration: ts.SyntaxKind.FunctionDeclaration,
  ReturnStatement: ts.SyntaxKind.ReturnStatement,
  PropertyDeclaration: ts.SyntaxKind.PropertyDeclaration,
} as const;
