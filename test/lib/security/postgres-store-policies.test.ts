import { describe } from 'vitest'
import { PostgresStore } from '../../../src/lib/stores/postgres/postgres-store.ts'
import { postgresAvailable } from '../../support/services.ts'
import { describeSessionPolicies } from '../../support/session-policy-scenarios.ts'
import { testPool, uniqueTableName } from '../stores/postgres/postgres-test-table.ts'

const up = await postgresAvailable()

describe.skipIf(!up)('the session policies on PostgreSQL', () => {
  describeSessionPolicies('PostgresStore', async () => {
    const pool = testPool()
    const tableName = uniqueTableName('policies')
    const store = new PostgresStore({ pool, tableName, createTable: true, pruneInterval: false })
    return {
      store,
      cleanup: async () => {
        await store.close()
        await pool.query(`DROP TABLE IF EXISTS "${tableName}"`)
        await pool.end()
      },
    }
  })
})
