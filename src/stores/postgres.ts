export { PostgresStore, createPostgresStore } from '../lib/stores/postgres/postgres-store.js'
export type { PostgresQueryable, PostgresStoreOptions } from '../lib/stores/postgres/postgres-store-options.js'
export { sessionTableDdl, type SessionTableName } from '../lib/stores/postgres/session-table-ddl.js'
