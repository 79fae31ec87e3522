export { SqliteStore, createSqliteStore } from '../lib/stores/sqlite/sqlite-store.js'
export type { SqliteStoreOptions } from '../lib/stores/sqlite/sqlite-store-options.js'
export type { ArgumentsOf, SqliteDatabase, SqliteStatement, SqliteTransaction } from '../lib/stores/sqlite/sqlite-database.js'
