/**
 * The PostgreSQL keywords that cannot name a table without quotes: categories
 * R (reserved) and T (reserved, but allowed as a function or type name) of
 * `SELECT word, catcode FROM pg_get_keywords()` on PostgreSQL 18. Each one was
 * tried as a table in the template's statements (CREATE TABLE, INSERT, SELECT,
 * TRUNCATE, DROP) and fails with a syntax error; every other keyword works
 * there. A service named `order` or `user` would get such a table.
 */
export const SQL_RESERVED_WORDS: ReadonlySet<string> = new Set([
  "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "binary", "both",
  "case", "cast", "check", "collate", "collation", "column", "concurrently", "constraint", "create", "cross",
  "current_catalog", "current_date", "current_role", "current_schema", "current_time", "current_timestamp", "current_user",
  "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "freeze",
  "from", "full", "grant", "group", "having", "ilike", "in", "initially", "inner", "intersect", "into", "is", "isnull",
  "join", "lateral", "leading", "left", "like", "limit", "localtime", "localtimestamp", "natural", "not", "notnull", "null",
  "offset", "on", "only", "or", "order", "outer", "overlaps", "placing", "primary", "references", "returning", "right",
  "select", "session_user", "similar", "some", "symmetric", "system_user", "table", "tablesample", "then", "to", "trailing",
  "true", "union", "unique", "user", "using", "variadic", "verbose", "when", "where", "window", "with",
]);
