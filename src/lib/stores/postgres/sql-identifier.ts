/**
 * PostgreSQL identifiers (table, schema and index names) as they appear in SQL text. Values always travel as
 * query parameters; names cannot, so they are quoted here and nowhere else.
 */

/** PostgreSQL silently truncates identifiers longer than this many bytes (NAMEDATALEN - 1). */
export const MAX_IDENTIFIER_BYTES = 63

/**
 * A name as a quoted identifier: wrapped in double quotes, each double quote inside doubled, so any name
 * (spaces, quotes, mixed case, reserved words) means exactly itself and can never end the identifier early.
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** The table as SQL: `"schema"."table"`, or just `"table"` so PostgreSQL resolves it through the search_path. */
export function qualifiedTableName(tableName: string, schemaName: string | undefined): string {
  return schemaName === undefined ? quoteIdentifier(tableName) : `${quoteIdentifier(schemaName)}.${quoteIdentifier(tableName)}`
}

/** How the table is named in messages: `schema.table`, or `table (in the search_path)`. */
export function describeTableName(tableName: string, schemaName: string | undefined): string {
  return schemaName === undefined ? `${JSON.stringify(tableName)} (looked up through the search_path)` : `${JSON.stringify(schemaName)}.${JSON.stringify(tableName)}`
}
