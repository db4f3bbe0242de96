import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/**
 * NestJS route metadata (extract/nest-metadata.ts): the project's decorators made with SetMetadata, and the guards whose
 * canActivate lets a marked route through before doing anything else.
 */
describe("[U] NestJS metadata decorators and guard gates", () => {
  it("a decorator defined as an arrow function or a function returning SetMetadata: its name and the key's names", () => {
    const f = facts(
      [
        `import { SetMetadata } from "@nestjs/common";`,
        `export const IS_PUBLIC_KEY = "isPublic";`,
        `export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);`,
        `export function Roles(...roles: string[]) {`,
        `  return SetMetadata("roles", roles);`,
        `}`,
      ].join("\n"),
      "src/auth/decorators.ts",
    );
    expect(f.nest?.metadataDecorators).toEqual({ Public: ["isPublic", "IS_PUBLIC_KEY"], Roles: ["roles"] });
  });

  const guard = (body: string) =>
    facts(
      [
        `import { CanActivate, ExecutionContext, Injectable } from "@nestjs/common";`,
        `import { Reflector } from "@nestjs/core";`,
        `@Injectable()`,
        `export class AuthGuard implements CanActivate {`,
        `  constructor(private reflector: Reflector, private users: UsersClient) {}`,
        `  async canActivate(context: ExecutionContext) {`,
        body,
        `    return this.users.check(context);`,
        `  }`,
        `}`,
      ].join("\n"),
      "src/auth/auth.guard.ts",
    ).nest?.guardGates;

  it("a guard that reads the key first and returns true opens a gate for routes marked with it", () => {
    expect(guard(`    const isPublic = this.reflector.getAllAndOverride<boolean>("isPublic", [context.getHandler(), context.getClass()]);\n    if (isPublic) return true;`)).toEqual({
      "fn:AuthGuard.canActivate": { keys: ["isPublic"], skipWhenSet: true },
    });
  });

  it("no gate when something before it awaits, even inside an expression: that call is made on every route", () => {
    expect(guard(`    const caller = (await this.users.current(context)).id;\n    const isPublic = this.reflector.get("isPublic", context.getHandler());\n    if (isPublic) return true;`)).toBeUndefined();
  });
});
