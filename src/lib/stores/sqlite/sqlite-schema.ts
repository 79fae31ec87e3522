/** An SQL identifier in double quotes, with inner quotes doubled: any table name stays one identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/**
 * The statements that create the sessions table and its indexes when missing. Times are epoch milliseconds;
 * `data` is the record's JSON without `cookie` and `flash`, which have their own columns so refreshing an
 * expiry or adding a flash message never rewrites the data.
 */
export function sessionTableSql(tableName: string): string {
  const table = quoteIdentifier(tableName)
  return `
CREATE TABLE IF NOT EXISTS ${table} (
  id TEXT PRIMARY KEY,
  data TEXT NOT NULL,
  cookie TEXT,
  flash TEXT NOT NULL DEFAULT '[]',
  flash_seq INTEGER NOT NULL DEFAULT 0,
  user_id TEXT,
  created_at INTEGER,
  last_seen_at INTEGER,
  expires_at INTEGER NOT NULL,
  sliding_ttl_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ${quoteIdentifier(`${tableName}_expires_at`)} ON ${table} (expires_at);
CREATE INDEX IF NOT EXISTS ${quoteIdentifier(`${tableName}_user_id`)} ON ${table} (user_id);
`
}
