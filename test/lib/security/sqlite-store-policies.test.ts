import Database from 'better-sqlite3'
import { SqliteStore } from '../../../src/stores/sqlite.ts'
import { describeSessionPolicies } from '../../support/session-policy-scenarios.ts'

describeSessionPolicies('SqliteStore', async () => {
  const database = new Database(':memory:')
  return { store: new SqliteStore({ database }), cleanup: async () => void database.close() }
})
