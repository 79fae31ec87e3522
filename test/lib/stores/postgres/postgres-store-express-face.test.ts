import { describe } from 'vitest'
import { describePartialUpdates } from '../../../support/partial-update-scenarios.ts'
import { postgresAvailable } from '../../../support/services.ts'
import { createTestPostgresStore } from './postgres-test-table.ts'

const up = await postgresAvailable()

describe.skipIf(!up)('PostgresStore under sessionkit/express', () => {
  describePartialUpdates('PostgresStore', async () => createTestPostgresStore('face'))
})
