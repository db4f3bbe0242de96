import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * A route handler named by a member path through an object that gathers other modules' objects
 * (`app.post("/v1/seats", handlers.seats.reserve)` with `export const handlers = { seats }` and `export const seats =
 * { reserve }` in another module): the function at the end of the path.
 */
describe("[U] route handlers named by a path through gathered objects", () => {
  it("handlers.seats.reserve reaches reserve in the module the gathering object imports", () => {
    const { model } = lintTree(
      service("hall", ["express", "pg"], {
        "src/handlers/seats.js": `import { pool } from "../db";\nasync function reserve(req, res) {\n  await pool.query("INSERT INTO holds (seat) VALUES ($1)", [req.body.seat]);\n  res.status(201).json({ held: true });\n}\nasync function release(req, res) {\n  res.end();\n}\nexport const seats = { reserve, release };\n`,
        "src/db.js": `import pg from "pg";\nexport const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });\n`,
        "src/handlers/index.js": `import { seats } from "./seats";\nexport const handlers = { seats: seats };\n`,
        "src/main.js": `import express from "express";\nimport { handlers } from "./handlers";\nconst app = express();\napp.post("/v1/seats", handlers.seats.reserve);\napp.delete("/v1/seats/:id", handlers.seats.missing);\napp.listen(3000);\n`,
      }),
    );
    expect(model.routes.map((r) => `${r.method} ${r.path} ${r.handler ?? "-"}`).sort()).toEqual(["DELETE /v1/seats/:id -", "POST /v1/seats hall/src/handlers/seats.js#fn:reserve"]);
  });
});
