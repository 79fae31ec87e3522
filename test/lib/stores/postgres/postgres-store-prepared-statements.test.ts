import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PostgresStore } from '../../../../src/lib/stores/postgres/postgres-store.ts'
import type { PostgresQueryable, PostgresStoreOptions } from '../../../../src/lib/stores/postgres/postgres-store-options.ts'
import { databaseUrl, postgresAvailable } from '../../../support/services.ts'
import { uniqueTableName } from './postgres-test-table.ts'

const up = await postgresAvailable()

const cookie = { originalMaxAge: 60_000, path: '/' }

/** A pool-like object that forwards whatever it is given and records the shape of each call's first argument. */
function recordingPool(client: pg.Client): { pool: PostgresQueryable; sent: Array<string | { name: string }> } {
  const sent: Array<string | { name: string }> = []
  const forward = client.query.bind(client) as (first: unknown, values?: unknown[]) => Promise<{ rows: unknown[] }>
  return {
    sent,
    pool: {
      query(first: unknown, values?: unknown[]) {
        sent.push(typeof first === 'string' ? first : (first as { name: string }))
        return forward(first, values)
      },
    } as PostgresQueryable,
  }
}

describe.skipIf(!up)('PostgresStore prepared statements', () => {
  // One connection, so pg_prepared_statements shows what the store prepared on it.
  const client = new pg.Client({ connectionString: databaseUrl })
  const tableName = uniqueTableName('prepared')
  const otherTableName = uniqueTableName('prepared_other')
  // Statements on a table of its own have texts (and names) no other test prepared.
  const plainTableName = uniqueTableName('prepared_plain')
  const preparedNames = async (): Promise<string[]> =>
    (await client.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name')).rows.map((row) => row.name)
  const cycle = async (store: PostgresStore, id: string): Promise<void> => {
    await store.set(id, { cookie, n: 1 })
    expect((await store.load(id))?.record).toMatchObject({ n: 1 })
    expect(await store.update(id, { set: { cookie, n: 2 }, unset: [], flashAdd: [{ type: 'info', message: 'hi' }] })).toBe(true)
    expect(await store.get(id)).toMatchObject({ n: 2, flash: { info: ['hi'] } })
  }

  beforeAll(async () => {
    await client.connect()
  })
  afterAll(async () => {
    await client.query(`DROP TABLE IF EXISTS "${tableName}"`)
    await client.query(`DROP TABLE IF EXISTS "${otherTableName}"`)
    await client.query(`DROP TABLE IF EXISTS "${plainTableName}"`)
    await client.query('DEALLOCATE ALL')
    await client.end()
  })

  it('prepares its statements once per connection on a pg Client, named after their text, one set per table', async () => {
    const store = new PostgresStore({ pool: client, tableName, createTable: true, pruneInterval: false })
    const other = new PostgresStore({ pool: client, tableName: otherTableName, createTable: true, pruneInterval: false })
    await cycle(store, 'a')
    const afterOne = await preparedNames()
    expect(afterOne.length).toBeGreaterThanOrEqual(4)
    expect(afterOne.every((name) => /^sessionkit_[0-9a-f]{32}$/.test(name))).toBe(true)
    await cycle(store, 'b')
    expect(await preparedNames()).toEqual(afterOne)
    // Same operations on another table: other text, other names, on the same connection without a clash.
    await cycle(other, 'a')
    const afterTwo = await preparedNames()
    expect(afterTwo.length).toBe(afterOne.length * 2)
    await store.close()
    await other.close()
  })

  it('sends plain text with preparedStatements: false, and to a pool that only forwards query(text, values)', async () => {
    const before = await preparedNames()
    const optedOut = new PostgresStore({ pool: client, tableName: plainTableName, createTable: true, pruneInterval: false, preparedStatements: false })
    await cycle(optedOut, 'c')
    expect(await preparedNames()).toEqual(before)
    const { pool, sent } = recordingPool(client)
    const wrapped = new PostgresStore({ pool, tableName: plainTableName, pruneInterval: false })
    await cycle(wrapped, 'd')
    expect(sent.length).toBeGreaterThan(0)
    expect(sent.every((first) => typeof first === 'string')).toBe(true)
    await optedOut.close()
    await wrapped.close()
  })

  it('sends { name, text, values } to any pool with preparedStatements: true', async () => {
    const { pool, sent } = recordingPool(client)
    const store = new PostgresStore({ pool, tableName, pruneInterval: false, preparedStatements: true })
    await cycle(store, 'e')
    expect(sent.every((first) => typeof first === 'object' && /^sessionkit_/.test(first.name))).toBe(true)
    await store.close()
  })

  it('rejects a preparedStatements option that is not a boolean, naming it', () => {
    expect(() => new PostgresStore({ pool: client, tableName, preparedStatements: 'yes' } as unknown as PostgresStoreOptions)).toThrow(
      /^sessionkit: option preparedStatements is invalid: "yes"\. Pass false/,
    )
  })

  // Last: DEALLOCATE leaves pg believing the statements are still prepared on this connection.
  it('sends text from then on when the server lost its statements (a pooler in transaction mode), losing no write', async () => {
    const store = new PostgresStore({ pool: client, tableName, pruneInterval: false })
    await cycle(store, 'f')
    // What PgBouncer in transaction mode does: the next statement lands on a server connection that never prepared it.
    await client.query('DEALLOCATE ALL')
    // A statement it prepared before (an update of the same shape as the cycle's).
    expect(await store.update('f', { set: { cookie, n: 3 }, unset: [], flashAdd: [{ type: 'info', message: 'again' }] })).toBe(true)
    expect(await store.get('f')).toMatchObject({ n: 3, flash: { info: ['hi', 'again'] } })
    await cycle(store, 'g')
    expect(await preparedNames()).toEqual([])
    await store.close()
  })
})
