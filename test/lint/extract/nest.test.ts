import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

describe("[U] nest extractor", () => {
  it("controllers, method decorators, @Version and controller versions", () => {
    const f = facts(
      `import { Controller, Get, Post, Version } from "@nestjs/common";\n@Controller({ path: "orders", version: "1" })\nexport class OrdersController {\n  @Get(":id") find() {}\n  @Version("2")\n  @Post() create() {}\n}\n`,
    );
    expect(f.routes.map((r) => [r.method, r.path, r.version, r.handler])).toEqual([
      ["GET", "/orders/:id", "1", "fn:OrdersController.find"],
      ["POST", "/orders", "2", "fn:OrdersController.create"],
    ]);
  });

  it("global prefix and URI versioning", () => {
    const f = facts(`const app = await NestFactory.create(AppModule);\napp.setGlobalPrefix("api");\napp.enableVersioning({ type: VersioningType.URI, defaultVersion: "1" });\n`);
    expect(f.nest).toEqual({ globalPrefix: "api", uriVersioning: { defaultVersion: "1" } });
    expect(facts(`app.enableVersioning({ type: VersioningType.HEADER, header: "X-V" });`).nest.uriVersioning).toBeUndefined();
  });
});
