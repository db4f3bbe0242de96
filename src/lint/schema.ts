/**
 * A small JSON Schema validator for the subset our config schema uses
 * (type, enum, properties, additionalProperties, required, items,
 * prefixItems, minItems, maxItems, minimum, anyOf, format: regex). Errors
 * name the key: `rules["sync-call-chain"][1].maxDepth: must be an integer`.
 */

export interface JsonSchema {
  $schema?: string;
  $id?: string;
  title?: string;
  description?: string;
  type?: "object" | "string" | "integer" | "number" | "boolean" | "array";
  enum?: readonly unknown[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: readonly string[];
  items?: JsonSchema | false;
  prefixItems?: readonly JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  anyOf?: readonly JsonSchema[];
  format?: "regex";
  default?: unknown;
}

export interface SchemaError {
  path: string;
  message: string;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function matchesType(value: unknown, type: JsonSchema["type"]): boolean {
  const actual = typeOf(value);
  return type === actual || (type === "number" && actual === "integer");
}

export function formatPath(path: (string | number)[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out || "(root)";
}

export function validate(schema: JsonSchema, value: unknown, path: (string | number)[] = []): SchemaError[] {
  const here = formatPath(path);
  if (schema.anyOf) {
    const byType = schema.anyOf.filter((branch) => !branch.type || matchesType(value, branch.type));
    for (const branch of byType) if (validate(branch, value, path).length === 0) return [];
    if (byType.length === 1) return validate(byType[0]!, value, path);
    const options = schema.anyOf.map(describeSchema).join(", or ");
    return [{ path: here, message: `must be ${options}` }];
  }
  if (schema.type && !matchesType(value, schema.type)) {
    return [{ path: here, message: `must be ${article(schema.type)}${schema.enum ? ` (one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")})` : ""}, got ${typeOf(value)}` }];
  }
  if (schema.enum && !schema.enum.includes(value)) {
    return [{ path: here, message: `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}, got ${JSON.stringify(value)}` }];
  }
  const errors: SchemaError[] = [];
  if (schema.type === "integer" || schema.type === "number") {
    if (schema.minimum !== undefined && (value as number) < schema.minimum) errors.push({ path: here, message: `must be ≥ ${schema.minimum}` });
  }
  if (schema.format === "regex" && typeof value === "string") {
    try {
      new RegExp(value);
    } catch (error) {
      errors.push({ path: here, message: `is not a valid regular expression: ${(error as Error).message}` });
    }
  }
  if (schema.type === "array" && Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push({ path: here, message: `must have at least ${schema.minItems} item(s)` });
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push({ path: here, message: `must have at most ${schema.maxItems} item(s)` });
    value.forEach((item, index) => {
      const itemSchema = schema.prefixItems?.[index] ?? (schema.items === false ? undefined : schema.items);
      if (itemSchema) errors.push(...validate(itemSchema, item, [...path, index]));
    });
  }
  if (schema.type === "object" && value && typeof value === "object" && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in record)) errors.push({ path: here, message: `needs "${key}"` });
    for (const [key, item] of Object.entries(record)) {
      const propertySchema = schema.properties?.[key];
      if (propertySchema) errors.push(...validate(propertySchema, item, [...path, key]));
      else if (schema.additionalProperties === false) {
        const known = Object.keys(schema.properties ?? {});
        const hint = suggest(key, known);
        errors.push({ path: formatPath([...path, key]), message: `is not a known key${hint ? `; did you mean "${hint}"?` : known.length ? ` (known: ${known.join(", ")})` : ""}` });
      } else if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
        errors.push(...validate(schema.additionalProperties, item, [...path, key]));
      }
    }
  }
  return errors;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeSchema(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  return article(schema.type ?? "value");
}

/** The closest known key by edit distance, when it is close. */
export function suggest(input: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = levenshtein(input.toLowerCase(), key.toLowerCase());
    if (distance <= Math.max(2, Math.floor(key.length / 3)) && (!best || distance < best.distance)) best = { key, distance };
  }
  return best?.key;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
