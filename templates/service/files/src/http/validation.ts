import { Ajv, type Options } from "ajv";
import addFormats from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

/**
 * Fastify coerces types by default, which suits query strings and path
 * parameters (everything there is text: ?limit=20 becomes 20) but not JSON
 * bodies, where {"name": 42} must be a 400, not the string "42". So bodies get
 * a strict validator and the other parts a coercing one.
 */

function createAjv(coerceTypes: Options["coerceTypes"]): Ajv {
  const ajv = new Ajv({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv;
}

const strictAjv = createAjv(false);
const coercingAjv = createAjv("array");

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === "body" ? strictAjv : coercingAjv).compile(schema);
