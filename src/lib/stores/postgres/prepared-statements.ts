import { createHash } from 'node:crypto'
import type { PostgresQueryable } from './postgres-store-options.js'

/** What `pg` accepts besides `query(text, values)`: a statement with a name, prepared once per connection. */
export interface PreparedQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>
}

/**
 * The name a statement is prepared under: derived from its text, so two stores on one pool (other tables, other
 * SQL) never share a name, while every store of one table does (same SQL, same name). `pg` refuses one name
 * for two texts on a connection, so the name must follow the text.
 */
export function statementNameOf(text: string): string {
  return `sessionkit_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`
}

/**
 * Whether the application's pool is a `pg` Pool or Client (or a Pool of pg's shape, such as pg-native's or
 * Neon's), which take `{ name, text, values }`. Anything else (a wrapper that only forwards `query(text,
 * values)`) keeps getting text: the store never sends it an object it may not understand.
 */
export function acceptsPreparedStatements(pool: PostgresQueryable): pool is PostgresQueryable & PreparedQueryable {
  const candidate = pool as { connect?: unknown; Client?: unknown; connectionParameters?: unknown }
  if (typeof candidate.connect !== 'function') return false
  // pg.Pool keeps the Client class it opens connections with; pg.Client keeps its parsed connection parameters.
  return typeof candidate.Client === 'function' || (typeof candidate.connectionParameters === 'object' && candidate.connectionParameters !== null)
}
