import { SessionStoreError } from '../../core/errors.js'

/**
 * The two database errors a user can cause and fix, turned into `sessionkit:` errors that say how; every other
 * error (connection refused, a connection lost mid-query, a pool connect timeout, …) is an outage, rejected as a
 * {@link SessionStoreError} that names the table and keeps the driver's error as `cause` (and its `code`).
 */

/** PostgreSQL's SQLSTATE for a table that does not exist. */
const UNDEFINED_TABLE = '42P01'
/** SQLSTATEs of jsonb input PostgreSQL refuses: `\u0000` (22P05) and unpaired UTF-16 surrogates (22P02). */
const REFUSED_JSON_TEXT = new Set(['22P05', '22P02'])

function codeOf(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined
}

function messageOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  const detail = (err as { detail?: unknown }).detail
  return typeof detail === 'string' && detail !== '' ? `${err.message} (${detail})` : err.message
}

/** An error with a SQLSTATE `code` kept, so handlers that branch on the driver's code keep working. */
class PostgresSessionTableError extends Error {
  override readonly name = 'PostgresSessionTableError'
  constructor(
    message: string,
    readonly code: string,
    cause: unknown,
  ) {
    super(message, { cause })
  }
}

/**
 * The error to reject with when a query failed: the missing-table and refused-data cases explained, anything
 * else a {@link SessionStoreError} of `operation` (the store method) naming the table.
 */
export function explainQueryError(err: unknown, table: string, operation: string): Error {
  const code = codeOf(err)
  if (code === UNDEFINED_TABLE) {
    return new PostgresSessionTableError(
      `sessionkit: the session table ${table} does not exist in PostgreSQL (${messageOf(err)}). ` +
        'Create it once by running the schema sessionkit ships (psql -f "$(node -p \"require.resolve(\'sessionkit/stores/postgres/schema.sql\')\")"; adjust the names if you changed tableName or schemaName; store.tableDdl gives it for yours), ' +
        'or pass createTable: true to PostgresStore so it creates the table itself.',
      UNDEFINED_TABLE,
      err,
    )
  }
  if (typeof code === 'string' && REFUSED_JSON_TEXT.has(code)) {
    return new PostgresSessionTableError(
      `sessionkit: PostgreSQL refused the session data: ${messageOf(err)}. jsonb cannot hold the NUL character (\\u0000) ` +
        'or unpaired UTF-16 surrogates in strings or keys; remove them from the session (or encode the value, e.g. as base64) before saving.',
      code,
      err,
    )
  }
  if (err instanceof SessionStoreError) return err
  const outage = new SessionStoreError(operation, err)
  // The engine's own wording, plus where and what to do: the reader of a 500 in the logs needs both.
  outage.message =
    `sessionkit: the PostgreSQL session store could not ${operation} a session in table ${table}: ${messageOf(err)}` +
    `${typeof code === 'string' ? ` (${code})` : ''}. The request failed; check that PostgreSQL is up and reachable ` +
    'from this process. The store needs no restart: the pool opens new connections as soon as the database answers again.'
  return outage
}
