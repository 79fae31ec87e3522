import { createTestPostgresStore } from '../../lib/stores/postgres/postgres-test-table.ts'
import { postgresAvailable } from '../../support/services.ts'
import { describeConcurrencyTrials } from '../support/concurrency-trials.ts'

/** Concurrency proof on the PostgreSQL store (DATABASE_URL): its row-locking jsonb merge of partial updates. */

const up = await postgresAvailable()

describeConcurrencyTrials(
  'PostgresStore',
  // As many connections as a trial has parallel requests, so their updates really meet in the database.
  async () => createTestPostgresStore('proof_concurrency', {}, 8),
  !up,
)
