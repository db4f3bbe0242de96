import { ts } from "../ts.js";
import type { TopicMemberFact } from "../types.js";
import type { Extractor } from "./extractor.js";
import type { ExtractContext } from "./context.js";

/**
 * `class OrderService extends BaseService`: the base each class extends, so that `this.save()` in OrderService, or
 * `orderService.save()`, reaches `save` where BaseService (here or in another module) defines it (model/inheritance.ts).
 */
export const classBases: Extractor = {
  family: "class-bases",
  classDeclaration(node, ctx) {
    const base = node.name ? classBaseOf(node, ctx) : undefined;
    if (base) (ctx.facts.classBases ??= {})[node.name!.text] = base;
    // `class Publisher implements IPublisher`: a member typed with the interface (`protected publisher: IPublisher`)
    // is, when only this class implements it, this class (model/implementers.ts).
    const implemented = node.name ? classInterfacesOf(node, ctx) : [];
    if (implemented.length) (ctx.facts.classImplements ??= {})[node.name!.text] = implemented;
    if (node.name) {
      memberTypesOf(node, node.name.text, ctx);
      typeParamAccessorsOf(node, node.name.text, ctx);
    }
  },
};

/**
 * The members a class types with a class (a constructor's parameter properties, typed property declarations):
 * `Class.member` → the class as this file names it. Only a plain type reference (`T`, `ns.T` of a namespace import),
 * not a union nor a generic (`Repository<User>`, `Map<K, V>`): what an injector hands such a member is an instance of
 * that class.
 */
function memberTypesOf(node: ts.ClassDeclaration, className: string, ctx: ExtractContext): void {
  const record = (name: ts.PropertyName | ts.BindingName, type: ts.TypeNode | undefined) => {
    if (!type || !ts.isTypeReferenceNode(type) || !(ts.isIdentifier(name) || ts.isPrivateIdentifier(name))) return;
    const written = typeNameOf(type.typeName, ctx);
    if (!written) return;
    if (!type.typeArguments) {
      (ctx.facts.memberTypes ??= {})[`${className}.${name.text}`] = written;
      return;
    }
    // `UseCaseProxy<CreateUserUseCase>`: a generic class and what it is given, for an accessor of the wrapper that hands
    // the wrapped instance back (`getInstance(): T`, see typeParamAccessorsOf; model/call-graph.ts wrappedMemberMethod).
    const args = type.typeArguments.map((arg) => (ts.isTypeReferenceNode(arg) && !arg.typeArguments ? (typeNameOf(arg.typeName, ctx) ?? null) : null));
    if (args.some((arg) => arg !== null)) (ctx.facts.wrappedMembers ??= {})[`${className}.${name.text}`] = { wrapper: written, args };
  };
  for (const member of node.members) {
    if (ts.isPropertyDeclaration(member)) record(member.name, member.type);
    else if (ts.isConstructorDeclaration(member)) {
      // Only parameter properties (`private readonly x: T`) become members; a plain parameter is assigned by hand, if at all.
      for (const parameter of member.parameters) if (ts.getModifiers(parameter)?.length) record(parameter.name, parameter.type);
      // Their places, for what a `new` of the class passes each (model/constructed-members.ts).
      const names = member.parameters.map((parameter) => (ts.getModifiers(parameter)?.length && ts.isIdentifier(parameter.name) ? parameter.name.text : null));
      if (member.body && names.some((name) => name !== null)) (ctx.facts.constructorMembers ??= {})[className] = names;
    }
  }
}

/**
 * A generic class's methods that take nothing and hand back what a type parameter stands for: `getInstance(): T`, or
 * one whose body is `return this.useCase` where the class holds `useCase: T` (`constructor(private readonly useCase:
 * T)`). A member typed `Wrapper<CreateUser>` then reaches CreateUser's methods through `this.member.getInstance()`.
 */
function typeParamAccessorsOf(node: ts.ClassDeclaration, className: string, ctx: ExtractContext): void {
  const params = node.typeParameters?.map((p) => p.name.text);
  if (!params?.length) return;
  const paramOf = (type: ts.TypeNode | undefined): number => (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && !type.typeArguments ? params.indexOf(type.typeName.text) : -1);
  // Members typed with a type parameter, by name.
  const held = new Map<string, number>();
  for (const member of node.members) {
    if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && paramOf(member.type) >= 0) held.set(member.name.text, paramOf(member.type));
    if (ts.isConstructorDeclaration(member))
      for (const parameter of member.parameters) if (ts.getModifiers(parameter)?.length && ts.isIdentifier(parameter.name) && paramOf(parameter.type) >= 0) held.set(parameter.name.text, paramOf(parameter.type));
  }
  for (const member of node.members) {
    if (!ts.isMethodDeclaration(member) || member.parameters.length || !member.name || !ts.isIdentifier(member.name)) continue;
    let index = paramOf(member.type);
    if (index < 0 && !member.type && member.body?.statements.length === 1) {
      const only = member.body.statements[0]!;
      const returned = ts.isReturnStatement(only) && only.expression ? only.expression : undefined;
      if (returned && ts.isPropertyAccessExpression(returned) && returned.expression.kind === ts.SyntaxKind.ThisKeyword) index = held.get(returned.name.text) ?? -1;
    }
    if (index >= 0) (ctx.facts.typeParamAccessors ??= {})[`${className}.${member.name.text}`] = index;
  }
}

/** A type's name as this file names the class: imported by name, `ns.T` of a namespace import, or a capitalised local name. */
function typeNameOf(name: ts.EntityName, ctx: ExtractContext): TopicMemberFact["base"] | undefined {
  if (ts.isIdentifier(name)) {
    const imported = ctx.imports.get(name.text);
    if (imported) return imported.imported === "*" ? undefined : { specifier: imported.specifier, name: imported.imported };
    return /^[A-Z]/.test(name.text) ? { local: name.text } : undefined;
  }
  if (ts.isIdentifier(name.left)) {
    const imported = ctx.imports.get(name.left.text);
    if (imported?.imported === "*") return { specifier: imported.specifier, name: name.right.text };
  }
  return undefined;
}

/** The interfaces a class implements, as this file names them: declared here, imported by name, or `ns.I` of a namespace import. */
function classInterfacesOf(node: ts.ClassDeclaration, ctx: ExtractContext): NonNullable<TopicMemberFact["base"]>[] {
  const found: NonNullable<TopicMemberFact["base"]>[] = [];
  for (const type of node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ImplementsKeyword)?.types ?? []) {
    const written = type.expression;
    if (ts.isIdentifier(written)) {
      const imported = ctx.imports.get(written.text);
      if (!imported) found.push({ local: written.text });
      else if (imported.imported !== "*") found.push({ specifier: imported.specifier, name: imported.imported });
    } else if (ts.isPropertyAccessExpression(written) && ts.isIdentifier(written.expression)) {
      const imported = ctx.imports.get(written.expression.text);
      if (imported?.imported === "*") found.push({ specifier: imported.specifier, name: written.name.text });
    }
  }
  return found;
}

/** The class a class extends, as this file names it: a local class, an import by name, or `ns.Base` of a namespace import. */
export function classBaseOf(node: ts.ClassDeclaration, ctx: ExtractContext): TopicMemberFact["base"] | undefined {
  const heritage = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (!heritage) return undefined;
  if (ts.isIdentifier(heritage)) {
    const imported = ctx.imports.get(heritage.text);
    return imported ? (imported.imported === "*" ? undefined : { specifier: imported.specifier, name: imported.imported }) : { local: heritage.text };
  }
  if (ts.isPropertyAccessExpression(heritage) && ts.isIdentifier(heritage.expression)) {
    const imported = ctx.imports.get(heritage.expression.text);
    if (imported?.imported === "*") return { specifier: imported.specifier, name: heritage.name.text };
  }
  return undefined;
}
