import { describe } from 'vitest'
import { postgresAvailable } from '../../support/services.ts'
import { describeSessionPolicies } from '../../support/session-policy-scenarios.ts'
import { createTestPostgresStore } from '../stores/postgres/postgres-test-table.ts'

const up = await postgresAvailable()

describe.skipIf(!up)('the session policies on PostgreSQL', () => {
  describeSessionPolicies('PostgresStore', async () => createTestPostgresStore('policies'))
})
