import { loadConfig } from "./config.ts";
import { openDatabase } from "./db/database.ts";
import { migrate } from "./db/migrate.ts";

/** `npm run migrate`: applies pending migrations and exits. The server also does this at start-up. */
const config = loadConfig();
const db = await openDatabase(config.database);
try {
  const applied = await migrate(db);
  console.log(applied.length === 0 ? "migrations: up to date" : `migrations: applied ${applied.join(", ")}`);
} finally {
  await db.close();
}
