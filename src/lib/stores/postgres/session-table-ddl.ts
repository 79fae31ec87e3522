import { qualifiedTableName, quoteIdentifier } from './sql-identifier.js'

/** Where the session table lives. */
export interface SessionTableName {
  /**
   * The table's name.
   * @default 'sessions'
   */
  tableName?: string
  /**
   * The schema the table is in.
   * @default undefined (unqualified: the first schema of the search_path)
   */
  schemaName?: string
}

/** The default table name. */
export const DEFAULT_TABLE_NAME = 'sessions'

/**
 * The DDL of the session table and its two indexes, for the given names. `createTable: true` runs it; the same
 * text for the default names is shipped as `schema.sql` for DBAs (the build writes it from this function). Every
 * statement is `IF NOT EXISTS`, so running it again, or from several processes, is harmless.
 */
export function sessionTableDdl({ tableName = DEFAULT_TABLE_NAME, schemaName }: SessionTableName = {}): string {
  const table = qualifiedTableName(tableName, schemaName)
  return `-- sessionkit PostgreSQL session store: one row per session.
-- data holds the application's keys (without cookie and flash); flash holds [{id, type, message}] oldest first.
CREATE TABLE IF NOT EXISTS ${table} (
  id text PRIMARY KEY,
  data jsonb NOT NULL,
  cookie jsonb,
  flash jsonb NOT NULL DEFAULT '[]',
  flash_seq bigint NOT NULL DEFAULT 0,
  user_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  sliding_ttl_ms bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS ${quoteIdentifier(`${tableName}_expires_at_idx`)} ON ${table} (expires_at);
CREATE INDEX IF NOT EXISTS ${quoteIdentifier(`${tableName}_user_id_idx`)} ON ${table} (user_id) WHERE user_id IS NOT NULL;
`
}
