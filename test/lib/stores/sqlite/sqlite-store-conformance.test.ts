import Database from 'better-sqlite3'
import { SqliteStore } from '../../../../src/stores/sqlite.ts'
import { describePartialUpdates } from '../../../support/partial-update-scenarios.ts'
import { describeStoreConformance } from '../../../support/store-conformance.ts'

describeStoreConformance('SqliteStore (userKey, passed-in database)', async () => {
  const database = new Database(':memory:')
  // The suite checks that a load moves a session to the top of its user's list within milliseconds; by default
  // "last seen" is only written once a minute, which no test waits for.
  const store = new SqliteStore({ database, userKey: 'userId', lastSeenResolution: 0 })
  return {
    store,
    storeWithUserKey: (userKey) => new SqliteStore({ database, userKey, lastSeenResolution: 0 }),
    cleanup: async () => {
      database.close()
    },
    expire: async (id: string) => {
      database.prepare('UPDATE sessions SET expires_at = ? WHERE id = ?').run(Date.now(), id)
    },
    corrupt: async (id: string) => {
      database.prepare("UPDATE sessions SET data = '{not json' WHERE id = ?").run(id)
    },
  }
})

describePartialUpdates('SqliteStore', async () => {
  const database = new Database(':memory:')
  return { store: new SqliteStore({ database }), cleanup: async () => void database.close() }
})
