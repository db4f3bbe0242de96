/**
 * Case conversions for names used in templates. All of them start from the same
 * word split, so `orders-service`, `ordersService` and `ORDERS_SERVICE` agree.
 */

export function splitWords(input: string): string[] {
  return input
    // "ordersV2Api" -> "orders V2 Api", "HTTPServer" -> "HTTP Server"
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

export const kebabCase = (input: string): string => splitWords(input).join("-");
export const snakeCase = (input: string): string => splitWords(input).join("_");
export const constantCase = (input: string): string => snakeCase(input).toUpperCase();
export const pascalCase = (input: string): string => splitWords(input).map(capitalize).join("");
export const camelCase = (input: string): string => {
  const pascal = pascalCase(input);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
};

/** The conversions templates may name, in helpers (`{{pascal name}}`) and in paths (`__name@pascal__`). */
export const CASE_CONVERSIONS: Readonly<Record<string, (input: string) => string>> = {
  kebab: kebabCase,
  camel: camelCase,
  pascal: pascalCase,
  snake: snakeCase,
  constant: constantCase,
};
