import { describe, expect, it } from "vitest";
import { facts, lintTree, type Tree } from "../helpers.js";

/**
 * A passport strategy whose verify function asks another service about the caller (a session or a member lookup)
 * makes that request for every route guarded by it: `passport.authenticate("bearer")` in Express, a NestJS guard
 * that extends `AuthGuard("member")`, or `@UseGuards(AuthGuard("member"))`. The package's middleware leads to no code of
 * the repository, so the call was not counted as the route's: its missing timeout went unreported.
 */

const express: Tree = {
  "docker-compose.yml": "services:\n  library:\n    build: ./library\n    environment:\n      MEMBERS_URL: http://members:4100\n  members:\n    build: ./members\n",
  "library/package.json": { name: "library", main: "index.js", dependencies: { express: "*", axios: "*", passport: "*", "passport-http-bearer": "*" } },
  "library/index.js": [
    `const express = require("express");`,
    `const axios = require("axios");`,
    `const passport = require("passport");`,
    `const BearerStrategy = require("passport-http-bearer").Strategy;`,
    `passport.use(new BearerStrategy(async (token, done) => {`,
    `  const member = await axios.get(process.env.MEMBERS_URL + "/v1/sessions/" + token);`,
    `  done(null, member.data);`,
    `}));`,
    `const app = express();`,
    `app.get("/v1/loans", passport.authenticate("bearer", { session: false }), (req, res) => res.json([]));`,
    `app.get("/v1/opening-hours", (req, res) => res.json({}));`,
    `app.listen(4000);`,
    ``,
  ].join("\n"),
  "members/package.json": { name: "members", main: "index.js", dependencies: { express: "*" } },
  "members/index.js": `const app = require("express")();\napp.get("/v1/sessions/:token", (req, res) => res.json({}));\napp.listen(4100);\n`,
};

const nest = (guard: string): Tree => ({
  "docker-compose.yml": "services:\n  desk:\n    build: ./desk\n    environment:\n      MEMBERS_URL: http://members:4100\n  members:\n    build: ./members\n",
  "desk/package.json": { name: "desk", main: "dist/main.js", dependencies: { "@nestjs/common": "*", "@nestjs/core": "*", "@nestjs/passport": "*", "passport-custom": "*", axios: "*" } },
  "desk/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(4000));\n`,
  "desk/src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { LoansController } from "./loans.controller";\nimport { MemberStrategy } from "./member.strategy";\n@Module({ controllers: [LoansController], providers: [MemberStrategy] })\nexport class AppModule {}\n`,
  "desk/src/member.strategy.ts": [
    `import { Injectable } from "@nestjs/common";`,
    `import { PassportStrategy } from "@nestjs/passport";`,
    `import { Strategy } from "passport-custom";`,
    `import axios from "axios";`,
    `@Injectable()`,
    `export class MemberStrategy extends PassportStrategy(Strategy, "member") {`,
    `  async validate(req: { headers: Record<string, string> }) {`,
    "    const answer = await axios.get(`${process.env.MEMBERS_URL}/v1/sessions/${req.headers.token}`);",
    `    return answer.data;`,
    `  }`,
    `}`,
    ``,
  ].join("\n"),
  "desk/src/member.guard.ts": `import { AuthGuard } from "@nestjs/passport";\nexport class MemberGuard extends AuthGuard("member") {}\n`,
  "desk/src/loans.controller.ts": [
    `import { Controller, Get, UseGuards } from "@nestjs/common";`,
    `import { AuthGuard } from "@nestjs/passport";`,
    `import { MemberGuard } from "./member.guard";`,
    `@Controller("v1/loans")`,
    `export class LoansController {`,
    `  @UseGuards(${guard})`,
    `  @Get()`,
    `  list() {`,
    `    return [];`,
    `  }`,
    `}`,
    ``,
  ].join("\n"),
  "members/package.json": { name: "members", main: "index.js", dependencies: { express: "*" } },
  "members/index.js": `const app = require("express")();\napp.get("/v1/sessions/:token", (req, res) => res.json({}));\napp.listen(4100);\n`,
});

const unprotected = (tree: Tree) => lintTree(tree, { only: "unprotected-call" }).findings.map((f) => f.message.replace(/ with neither.*/, ""));

describe("[U] a passport strategy's verify function", () => {
  it("Express: runs for the routes passport.authenticate guards, by the strategy's default name", () => {
    expect(unprotected(express)).toEqual(["library calls members (GET http://members:4100/v1/sessions/{token}) while handling GET /v1/loans"]);
  });

  it("Express: by the name passport.use registers it under, and only for that name", () => {
    const named = { ...express, "library/index.js": (express["library/index.js"] as string).replace("passport.use(new", 'passport.use("staff", new') };
    expect(unprotected(named)).toEqual([]);
    named["library/index.js"] = (named["library/index.js"] as string).replace('authenticate("bearer"', 'authenticate("staff"');
    expect(unprotected(named)).toEqual(["library calls members (GET http://members:4100/v1/sessions/{token}) while handling GET /v1/loans"]);
  });

  it("NestJS: a guard class extending AuthGuard(name), or AuthGuard(name) itself, runs the PassportStrategy registered so", () => {
    const expected = ["desk calls members (GET http://members:4100/v1/sessions/{req.headers.token}) while handling GET /v1/loans"];
    expect(unprotected(nest("MemberGuard"))).toEqual(expected);
    expect(unprotected(nest('AuthGuard("member")'))).toEqual(expected);
    expect(unprotected(nest('AuthGuard("staff")'))).toEqual([]);
  });

  it("NestJS: a strategy and guard named by one constant, the guard with a canActivate of its own that calls super's", () => {
    const tree = nest("MemberGuard");
    tree["desk/src/names.ts"] = `export enum Strategies {\n  Member = "member",\n}\n`;
    tree["desk/src/member.strategy.ts"] = (tree["desk/src/member.strategy.ts"] as string).replace(`PassportStrategy(Strategy, "member")`, "PassportStrategy(Strategy, Strategies.Member)").replace(`import axios from "axios";`, `import axios from "axios";\nimport { Strategies } from "./names";`);
    tree["desk/src/member.guard.ts"] = `import { ExecutionContext } from "@nestjs/common";\nimport { AuthGuard } from "@nestjs/passport";\nimport { Strategies } from "./names";\nexport class MemberGuard extends AuthGuard(Strategies.Member) {\n  async canActivate(context: ExecutionContext): Promise<boolean> {\n    return Boolean(await super.canActivate(context));\n  }\n}\n`;
    expect(unprotected(tree)).toEqual(["desk calls members (GET http://members:4100/v1/sessions/{req.headers.token}) while handling GET /v1/loans"]);
  });

  it("records the strategies by name and the guards that run one", () => {
    expect(facts(nest("MemberGuard")["desk/src/member.strategy.ts"] as string, "desk/src/member.strategy.ts").passport).toEqual({ strategies: [{ name: "member", handler: "fn:MemberStrategy.validate" }] });
    expect(facts(nest("MemberGuard")["desk/src/member.guard.ts"] as string, "desk/src/member.guard.ts").passport).toEqual({ guards: { MemberGuard: "member" } });
    const local = facts(`const passport = require("passport");\nconst { Strategy } = require("passport-local");\npassport.use(new Strategy((user, pass, done) => done(null, user)));\n`, "s/auth.js");
    expect(local.passport?.strategies?.map((s) => s.name)).toEqual(["local"]);
    // The class bound to a name first: `const JwtStrategy = passportJwt.Strategy`.
    const bound = facts(`const passport = require("passport");\nconst passportJwt = require("passport-jwt");\nconst JwtStrategy = passportJwt.Strategy;\npassport.use(new JwtStrategy({}, (payload, done) => done(null, payload)));\n`, "s/auth.js");
    expect(bound.passport?.strategies?.map((s) => s.name)).toEqual(["jwt"]);
  });
});
