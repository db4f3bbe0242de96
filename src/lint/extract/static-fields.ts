import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { classFieldExpression, type ExtractContext, instanceFieldNames, isSettingValue, propertyKey } from "./context.js";

/**
 * `export class Config { static usersUrl = process.env.USERS_URL }`: a settings class whose static fields other files
 * read (`Config.usersUrl`) is a module constant like an exported object's field, recorded under the same name
 * (`Config.usersUrl`, `default.usersUrl` for a default export) so an import of it resolves in the model.
 * Its instance fields that are settings too (`this.DATABASE_URL = process.env.DATABASE_URL || ""` in the constructor), as
 * `EnvConfig.prototype.DATABASE_URL`: what `new EnvConfig().DATABASE_URL` or an injected `config: EnvConfig` reads.
 */
export const staticFields: Extractor = {
  family: "static-fields",
  classDeclaration(node, ctx) {
    if (!node.name || !ctx.sf.statements.includes(node)) return;
    const modifiers = ts.getModifiers(node);
    if (!modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return;
    const prefix = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ? "default" : node.name.text;
    for (const member of node.members) {
      if (!ts.isPropertyDeclaration(member) || !member.initializer || !ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) continue;
      const key = propertyKey(member.name);
      if (!key) continue;
      const value = ctx.value(member.initializer);
      if (value.parts.some((p) => p.kind !== "unknown")) ctx.facts.constants[`${prefix}.${key}`] = value;
    }
    recordSettingFields(node, `${prefix}.prototype`, ctx);
  },
};

/**
 * The instance fields of a settings class that read a setting (the environment, another module's constant), each as
 * the module constant `<prefix>.<field>`: `EnvConfig.prototype.DATABASE_URL` for the class, `config.DATABASE_URL` for
 * `export const config = new EnvConfig()` (walk.ts).
 */
export function recordSettingFields(cls: ts.ClassLikeDeclaration, prefix: string, ctx: ExtractContext): void {
  for (const key of instanceFieldNames(cls)) {
    const held = classFieldExpression(cls, key);
    const value = held && ctx.value(held);
    if (value && isSettingValue(value)) ctx.facts.constants[`${prefix}.${key}`] = value;
  }
}
