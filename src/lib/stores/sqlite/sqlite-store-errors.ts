import { SessionStoreError } from '../../core/errors.js'

/** Where the sessions are, as an error message names it: the file's path, or what stands in for one. */
export function describeSqliteFile(file: string | undefined): string {
  if (file === undefined || file === '') return 'a temporary SQLite database'
  if (file === ':memory:') return 'an in-memory SQLite database'
  return `the SQLite database ${JSON.stringify(file)}`
}

/** Store methods that only read: "nothing was written" would be noise in their messages. */
const READS = new Set(['get', 'all', 'ids', 'length'])

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** What to do about a failure with this SQLite result code (better-sqlite3) or Node error code (opening). */
function adviceFor(code: string | undefined, busyTimeout: number | undefined): string {
  const base = code?.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')
  switch (base) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return (
        `Another connection held its write lock longer than the busy timeout${busyTimeout === undefined ? '' : ` (${busyTimeout} ms)`}: ` +
        'end the long transaction holding it (another process, a sqlite3 shell, a BEGIN EXCLUSIVE), or raise the busy timeout.'
      )
    case 'SQLITE_READONLY':
      return (
        'The database cannot be written: it was opened read-only, or this process may not write the file or its directory ' +
        '(SQLite also writes "-wal" and "-shm" files beside it). Open it read-write and make both writable by the user the app runs as.'
      )
    case 'SQLITE_FULL':
      return 'The disk holding it is full: free space there.'
    case 'SQLITE_CANTOPEN':
      return 'Check that its directory exists and that this process may read and write the file and the directory.'
    case 'SQLITE_IOERR':
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return 'The file could not be read or written as a SQLite database: check the disk and the file.'
  }
  switch (code) {
    case 'ENOSPC':
      return 'The disk is full: free space there.'
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'This process may not create or write it: make the directory writable by the user the app runs as, or choose another path.'
    case 'ENOTDIR':
    case 'EEXIST':
      return 'A file stands where a directory of the path should be: remove it, or choose another path.'
  }
  return 'Check the database file.'
}

/**
 * The error a SQLite store rejects with when the database fails (locked, read-only, full, unopenable): a
 * {@link SessionStoreError} of `operation` whose message names the file and says what to do, with the driver's
 * error as `cause` (its `code`, such as `SQLITE_BUSY`, kept). A failed write changed nothing: each write is one
 * statement or one transaction, rolled back on error.
 */
export function sqliteStoreError(error: unknown, operation: string, file: string | undefined, busyTimeout?: number): SessionStoreError {
  if (error instanceof SessionStoreError) return error
  const code = codeOf(error)
  const failure = error instanceof Error ? error.message : String(error)
  const storeError = new SessionStoreError(operation, error)
  storeError.message =
    `sessionkit: the SQLite session store could not ${operation} a session in ${describeSqliteFile(file)}: ${failure}${code === undefined ? '' : ` (${code})`}. ` +
    `${READS.has(operation) ? '' : 'Nothing was written. '}${adviceFor(code, busyTimeout)}`
  return storeError
}
