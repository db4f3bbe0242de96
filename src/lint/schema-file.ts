import schema from "./arch-lint.schema.json" with { type: "json" };
import type { JsonSchema } from "./schema.js";

/**
 * The committed schema (for editors: `$schema: ./node_modules/create-service/dist/lint/arch-lint.schema.json`).
 * Imported so the build copies it into dist; a test keeps it equal to buildConfigSchema().
 */
export const COMMITTED_SCHEMA = schema as JsonSchema;
