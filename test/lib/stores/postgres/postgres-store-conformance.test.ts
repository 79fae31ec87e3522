import pg from 'pg'
import { afterAll, beforeAll, describe } from 'vitest'
import { PostgresStore } from '../../../../src/stores/postgres.ts'
import type { PostgresQueryable } from '../../../../src/lib/stores/postgres/postgres-store-options.ts'
import { databaseUrl, postgresAvailable } from '../../../support/services.ts'
import { describeStoreConformance } from '../../../support/store-conformance.ts'
import { testPool, uniqueTableName } from './postgres-test-table.ts'

const up = await postgresAvailable()

/**
 * Both kinds of connection an application passes: a Pool runs concurrent updates on several connections, so
 * their order is up to the row lock (only delivery is checked); a single Client runs them in the order sent.
 */
const connections = [
  { kind: 'Pool', orderedConcurrentUpdates: false, open: (): PostgresQueryable & { end(): Promise<void> } => testPool() },
  {
    kind: 'Client',
    orderedConcurrentUpdates: true,
    open: (): PostgresQueryable & { end(): Promise<void> } => {
      const client = new pg.Client({ connectionString: databaseUrl })
      // Queries are sent one after another in call order (pg deprecates queueing a query on a busy client).
      let tail: Promise<unknown> = client.connect()
      const query: PostgresQueryable['query'] = (text, values) => {
        const result = tail.then(() => client.query(text, values))
        tail = result.catch(() => undefined)
        return result
      }
      return { query, end: async () => void (await tail, await client.end()) }
    },
  },
]

describe.skipIf(!up).each(connections)('on a pg $kind', ({ kind, orderedConcurrentUpdates, open }) => {
  const connection = open()
  // One table per file and connection kind, emptied after every test.
  const tableName = uniqueTableName(`conformance_${kind.toLowerCase()}`)
  const sql = (text: string, values: unknown[] = []) => connection.query(text, values)

  beforeAll(async () => {
    const creator = new PostgresStore({ pool: connection, tableName, createTable: true, pruneInterval: false })
    await creator.length()
    await creator.close()
  })
  afterAll(async () => {
    await sql(`DROP TABLE IF EXISTS "${tableName}"`)
    await connection.end()
  })

  describeStoreConformance(
    `PostgresStore (userKey, ${kind})`,
    async () => ({
      // The suite checks that a load moves a session to the top of its user's list within milliseconds; by
      // default "last seen" is only written once a minute, which no test waits for.
      store: new PostgresStore({ pool: connection, tableName, userKey: 'userId', lastSeenResolution: 0 }),
      storeWithUserKey: (userKey) => new PostgresStore({ pool: connection, tableName, userKey, lastSeenResolution: 0, pruneInterval: false }),
      cleanup: async () => void (await sql(`DELETE FROM "${tableName}"`)),
      // The row stays, as it would until the next prune; its expiry is just behind the database's clock.
      expire: async (id: string) => void (await sql(`UPDATE "${tableName}" SET expires_at = now() - interval '1 millisecond' WHERE id = $1`, [id])),
      // jsonb always holds valid JSON, so the garbage is of the wrong type: data a string instead of an object.
      corrupt: async (id: string) => void (await sql(`UPDATE "${tableName}" SET data = to_jsonb('{not json'::text) WHERE id = $1`, [id])),
    }),
    { capabilities: { orderedConcurrentUpdates } },
  )
})
