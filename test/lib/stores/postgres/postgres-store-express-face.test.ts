import { describe } from 'vitest'
import { PostgresStore } from '../../../../src/lib/stores/postgres/postgres-store.ts'
import { describePartialUpdates } from '../../../support/partial-update-scenarios.ts'
import { postgresAvailable } from '../../../support/services.ts'
import { testPool, uniqueTableName } from './postgres-test-table.ts'

const up = await postgresAvailable()

describe.skipIf(!up)('PostgresStore under sessionkit/express', () => {
  describePartialUpdates('PostgresStore', async () => {
    const pool = testPool()
    const tableName = uniqueTableName('face')
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
