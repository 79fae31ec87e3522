// The reads requests make in one turn of the event loop go as one statement, and each request still gets its own
// answer: its own record, none for a gone session, or its own error.
import pg from 'pg'
import { describe, expect, it, vi } from 'vitest'
import type { PostgresStore } from '../../../../src/lib/stores/postgres/postgres-store.ts'
import type { PostgresStoreOptions } from '../../../../src/lib/stores/postgres/postgres-store-options.ts'
import { databaseUrl, postgresAvailable } from '../../../support/services.ts'
import { storesOnNewTables } from './postgres-test-table.ts'

const up = await postgresAvailable()

const cookie = { originalMaxAge: 600_000, path: '/' }
const ids = ['s-c', 's-a', 's-e', 's-b', 's-d']
const TTL = 600_000

describe.skipIf(!up)('PostgresStore batched loads', () => {
  const tables = storesOnNewTables('batched_loads')
  const sql = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => tables.pool().query<R>(text, values)

  /** A store whose sessions each hold their own data and flash message; `loads()` lists the reads it sent since. */
  async function storeWith(options: Partial<PostgresStoreOptions> = {}, storePool?: pg.Pool): Promise<{ store: PostgresStore; table: string; loads: () => string[] }> {
    const { store, tableName, queries } = tables.newStore({ ttl: TTL, ...options }, storePool)
    for (const [i, id] of ids.entries()) {
      await store.set(id, { cookie, n: i, nested: { id } })
      await store.update(id, { set: {}, unset: [], flashAdd: [{ type: 'info', message: `for ${id}` }] })
    }
    queries.length = 0
    return { store, table: tableName, loads: () => queries.filter((text) => text.startsWith('WITH clamped')) }
  }

  /** Makes every session's expiry due to slide: last seen an hour ago, expiring in a minute. */
  async function makeDue(table: string): Promise<void> {
    await sql(`UPDATE "${table}" SET last_seen_at = now() - interval '1 hour', expires_at = now() + interval '1 minute'`)
  }

  async function expiryOf(table: string, id: string): Promise<number> {
    const { rows } = await sql<{ ms: number }>(`SELECT floor(extract(epoch FROM expires_at) * 1000)::float8 AS ms FROM "${table}" WHERE id = $1`, [id])
    return rows[0]!.ms
  }

  it('reads several sessions in one statement, each with its own record and flash; a gone one reads as none', async () => {
    const { store, loads } = await storeWith()
    await store.destroy('s-e')
    const batched = await Promise.all(ids.map((id) => store.load(id)))
    expect(loads()).toHaveLength(1)
    expect(loads()[0]).toContain('unnest(')
    const alone = []
    for (const id of ids) alone.push(await store.load(id))
    expect(batched).toEqual(alone)
    expect(batched[2]).toBeUndefined()
    for (const [i, id] of ids.entries()) {
      if (id === 's-e') continue
      expect(batched[i]?.record).toMatchObject({ n: i, nested: { id } })
      expect(batched[i]?.flash.map((entry) => entry.message)).toEqual([`for ${id}`])
    }
  })

  it('gives the reads of one session in one turn one row, and each its own record', async () => {
    const { store, loads } = await storeWith()
    const [first, other, second] = await Promise.all([store.load('s-a'), store.load('s-b'), store.load('s-a')])
    expect(loads()).toHaveLength(1)
    expect(first).toEqual(second)
    expect(other?.record.n).toBe(3)
    ;(first!.record.nested as { id: string }).id = 'changed'
    first!.flash.pop()
    expect(second?.record.nested).toEqual({ id: 's-a' })
    expect(second?.flash).toHaveLength(1)
  })

  it("slides due expiries in the batch, and each cookie's expiry is its row's new one", async () => {
    const { store, table, loads } = await storeWith()
    await makeDue(table)
    const before = Date.now()
    const loaded = await Promise.all(ids.map((id) => store.load(id)))
    expect(loads()).toHaveLength(1)
    for (const [i, id] of ids.entries()) {
      const expiry = await expiryOf(table, id)
      expect(expiry).toBeGreaterThanOrEqual(before + TTL - 1000)
      expect(new Date(loaded[i]!.record.cookie!.expires as string).getTime()).toBe(expiry)
    }
  })

  // The application's pool may parse values its own way (here: none, every value as its text): the store's answer
  // must not depend on it.
  const parsingNothing = (): pg.Pool =>
    new pg.Pool({ connectionString: databaseUrl, max: 2, types: { getTypeParser: (() => (value: string) => value) as unknown as typeof pg.types.getTypeParser } })

  it.each([
    ['default', false],
    ['every value as text by the', true],
  ])('does not wait for a due session another transaction holds: the others read at once, that one once it is free (%s type parsers)', async (_, parseAsText) => {
    const storePool = parseAsText ? parsingNothing() : undefined
    const { store, table, loads } = await storeWith({}, storePool)
    await makeDue(table)
    const holder = await tables.pool().connect()
    try {
      await holder.query('BEGIN')
      await holder.query(`SELECT id FROM "${table}" WHERE id = 's-b' FOR UPDATE`)
      const settled: string[] = []
      const all = Promise.all(
        ids.map(async (id) => {
          const loaded = await store.load(id)
          settled.push(id)
          return loaded
        }),
      )
      await expect.poll(() => settled.length, { timeout: 5000 }).toBe(ids.length - 1)
      expect(settled).not.toContain('s-b')
      const before = Date.now()
      await holder.query('COMMIT')
      const loaded = await all
      expect(settled.at(-1)).toBe('s-b')
      // The batch, then s-b alone, which waited for its row and slid it.
      expect(loads()).toHaveLength(2)
      expect(await expiryOf(table, 's-b')).toBeGreaterThanOrEqual(before + TTL - 1000)
      expect(new Date(loaded[3]!.record.cookie!.expires as string).getTime()).toBe(await expiryOf(table, 's-b'))
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined)
      holder.release()
      await storePool?.end()
    }
  })

  it('splits a burst of reads into statements of at most 256 sessions, each read answered', async () => {
    const { store, loads } = await storeWith()
    const many = Array.from({ length: 600 }, (_, i) => `burst-${i}`)
    await Promise.all(many.map((id, i) => store.set(id, { cookie, i })))
    const loaded = await Promise.all([...many, 'burst-gone'].map((id) => store.load(id)))
    expect(loads()).toHaveLength(3)
    expect(loaded.map((session) => session?.record.i)).toEqual([...many.map((_, i) => i), undefined])
  })

  it('fails only the read PostgreSQL refuses: the others of its statement are sent again and read', async () => {
    const { store, table, loads } = await storeWith()
    await makeDue(table)
    await sql(`CREATE FUNCTION "${table}_refuse"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`)
    let results: PromiseSettledResult<unknown>[]
    try {
      await sql(`CREATE TRIGGER refuse BEFORE UPDATE ON "${table}" FOR EACH ROW WHEN (NEW.id = 's-e') EXECUTE FUNCTION "${table}_refuse"()`)
      results = await Promise.allSettled(ids.map((id) => store.load(id)))
    } finally {
      await sql(`DROP FUNCTION "${table}_refuse"() CASCADE`)
    }
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled'])
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/^SessionStoreError: sessionkit: .*load.*refused by the test/s)
    // The batch, then each read alone.
    expect(loads()).toHaveLength(1 + ids.length)
    expect((results[1] as PromiseFulfilledResult<unknown>).value).toMatchObject({ record: { n: 1 } })
  })

  it("still sends its reads when a test's fake timers replace the global setImmediate", async () => {
    const { store, loads } = await storeWith()
    vi.useFakeTimers()
    try {
      expect((await Promise.all(ids.map((id) => store.load(id)))).map((loaded) => loaded?.record.n)).toEqual([0, 1, 2, 3, 4])
    } finally {
      vi.useRealTimers()
    }
    expect(loads()).toHaveLength(1)
  })

  it('with batchStatements: false, sends every read as its own statement', async () => {
    const { store, loads } = await storeWith({ batchStatements: false })
    expect((await Promise.all(ids.map((id) => store.load(id)))).map((loaded) => loaded?.record.n)).toEqual([0, 1, 2, 3, 4])
    expect(loads()).toHaveLength(ids.length)
    expect(loads().some((text) => text.includes('unnest('))).toBe(false)
  })
})
