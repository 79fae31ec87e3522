import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'

/** A prepared better-sqlite3 statement, described by the methods the SQLite store calls. */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number }
  get(...params: unknown[]): unknown
  all(...params: unknown[]): unknown[]
}

/** The parameters of a function (spelled as better-sqlite3's types spell it, so its Database matches this shape). */
export type ArgumentsOf<F> = F extends (...args: infer A) => unknown ? A : never

/** A better-sqlite3 transaction function: runs `fn` inside `BEGIN … COMMIT` (or a savepoint when nested). */
export interface SqliteTransaction<F extends (...args: never[]) => unknown> {
  (...args: ArgumentsOf<F>): ReturnType<F>
  /** The same, started with `BEGIN IMMEDIATE` so the write lock is taken before the first read. */
  immediate(...args: ArgumentsOf<F>): ReturnType<F>
}

/**
 * An open better-sqlite3 (v12) `Database`, described by the methods the SQLite store calls, so the package
 * never loads better-sqlite3 itself when the application passes its own database.
 */
export interface SqliteDatabase {
  prepare(source: string): SqliteStatement
  exec(source: string): unknown
  pragma(source: string, options?: { simple?: boolean }): unknown
  transaction<F extends (...args: never[]) => unknown>(fn: F): SqliteTransaction<F>
  close(): unknown
  /** The file as it was opened (better-sqlite3's `name`): error messages name it. */
  readonly name?: string
}

type SqliteDatabaseConstructor = new (filename: string) => SqliteDatabase

/** How better-sqlite3 is loaded: a dynamic import, replaceable in tests. */
export type BetterSqlite3Loader = () => Promise<{ default: SqliteDatabaseConstructor }>

// A specifier in a variable: bundlers (tsup here, and the application's) leave the optional peer dependency
// alone instead of trying to inline a native module that is only needed when a `path` is given.
const betterSqlite3 = 'better-sqlite3'

function importBetterSqlite3(): Promise<{ default: SqliteDatabaseConstructor }> {
  return import(betterSqlite3) as Promise<{ default: SqliteDatabaseConstructor }>
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
}

/** Busy writers in other processes are waited for this long before a statement fails with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000

/**
 * Opens (creating it and its parent directories when missing) the SQLite file at `path` with better-sqlite3,
 * loaded only now, in write-ahead-log mode (`synchronous = NORMAL`) and with a busy timeout of `busyTimeout` ms.
 */
export async function openSqliteDatabase(path: string, load: BetterSqlite3Loader = importBetterSqlite3, busyTimeout = BUSY_TIMEOUT_MS): Promise<SqliteDatabase> {
  let loaded: { default: SqliteDatabaseConstructor }
  try {
    loaded = await load()
  } catch (error) {
    if (!isModuleNotFound(error)) throw error
    throw new Error(
      `sessionkit: the SQLite store needs better-sqlite3 to open ${JSON.stringify(path)}, and it is not installed. Run \`npm install better-sqlite3@12\`, or pass an open Database as option database.`,
      { cause: error },
    )
  }
  if (path !== ':memory:' && !path.startsWith('file:')) await mkdir(dirname(path), { recursive: true })
  const database = new loaded.default(path)
  database.pragma('journal_mode = WAL')
  database.pragma(`busy_timeout = ${busyTimeout}`)
  // In WAL mode this syncs at checkpoints instead of every commit: a power cut can lose the last few session
  // writes but never corrupts the file, and each write costs a fraction of a full sync.
  database.pragma('synchronous = NORMAL')
  return database
}
