import pg from 'pg'
import { PostgresStore } from '../../../src/stores/postgres.ts'
import { uniqueTableName } from '../../lib/stores/postgres/postgres-test-table.ts'
import { databaseUrl, postgresAvailable } from '../../support/services.ts'
import { describeConcurrencyTrials } from '../support/concurrency-trials.ts'

/** Concurrency proof on the PostgreSQL store (DATABASE_URL): its row-locking jsonb merge of partial updates. */

const up = await postgresAvailable()

describeConcurrencyTrials(
  'PostgresStore',
  async () => {
    // As many connections as a trial has parallel requests, so their updates really meet in the database.
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 8 })
    const tableName = uniqueTableName('proof_concurrency')
    const store = new PostgresStore({ pool, tableName, createTable: true, pruneInterval: false })
    return {
      store,
      cleanup: async () => {
        await store.close()
        await pool.query(`DROP TABLE IF EXISTS "${tableName}"`)
        await pool.end()
      },
    }
  },
  !up,
)
