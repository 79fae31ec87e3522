// The new sessions stored in one turn of the event loop go as one INSERT; a session whose id is taken is replaced
// on its own, as `set` always replaces.
import { describe, expect, it } from 'vitest'
import type { PostgresStore } from '../../../../src/lib/stores/postgres/postgres-store.ts'
import type { PostgresStoreOptions } from '../../../../src/lib/stores/postgres/postgres-store-options.ts'
import { postgresAvailable } from '../../../support/services.ts'
import { storesOnNewTables } from './postgres-test-table.ts'

const up = await postgresAvailable()

const cookie = { originalMaxAge: 60_000, path: '/' }
const ids = ['n-c', 'n-a', 'n-e', 'n-b', 'n-d']

describe.skipIf(!up)('PostgresStore batched sets', () => {
  const tables = storesOnNewTables('batched_sets')
  const sql = (text: string, values?: unknown[]) => tables.pool().query(text, values)

  /** An empty store; `writes()` lists the INSERTs it sent since. */
  async function storeWith(options: Partial<PostgresStoreOptions> = {}): Promise<{ store: PostgresStore; table: string; writes: () => string[] }> {
    const { store, tableName, queries } = tables.newStore({ userKey: 'userId', ...options })
    await store.length()
    queries.length = 0
    return { store, table: tableName, writes: () => queries.filter((text) => text.includes('INSERT INTO')) }
  }

  const rowOf = async (table: string, id: string) =>
    (await sql(`SELECT data, cookie, flash, flash_seq, user_id, expires_at - last_seen_at AS lifetime, created_at FROM "${table}" WHERE id = $1`, [id])).rows[0]

  it('stores the new sessions of one turn with one statement, each with its own data, cookie, user and lifetime', async () => {
    const { store, table, writes } = await storeWith()
    await Promise.all(ids.map((id, i) => store.set(id, { cookie: { ...cookie, originalMaxAge: 60_000 + i }, userId: `u${i}`, n: i }, 60_000 + i * 1000)))
    expect(writes()).toHaveLength(1)
    expect(writes()[0]).toContain('unnest(')
    for (const [i, id] of ids.entries()) {
      const row = await rowOf(table, id)
      expect(row).toMatchObject({ data: { userId: `u${i}`, n: i }, cookie: { ...cookie, originalMaxAge: 60_000 + i }, flash: [], user_id: `u${i}` })
      expect(row.lifetime).toMatchObject({ minutes: 1, ...(i > 0 ? { seconds: i } : {}) })
    }
    expect((await store.listSessionsOfUser('u2')).map((session) => session.id)).toEqual(['n-e'])
  })

  it('numbers the flash messages of each new session from 1, with those without flash in another statement', async () => {
    const { store, table, writes } = await storeWith()
    await Promise.all([
      store.set('f-1', { cookie, flash: { info: ['one'], error: [{ two: 2 }] } }),
      store.set('f-2', { cookie, flash: { info: ['three'] } }),
      store.set('plain-1', { cookie }),
      store.set('plain-2', { cookie }),
    ])
    expect(writes()).toHaveLength(2)
    expect(await rowOf(table, 'f-1')).toMatchObject({
      flash: [
        { id: '1', type: 'info', message: 'one' },
        { id: '2', type: 'error', message: { two: 2 } },
      ],
      flash_seq: '2',
    })
    expect(await rowOf(table, 'f-2')).toMatchObject({ flash: [{ id: '1', type: 'info', message: 'three' }], flash_seq: '1' })
    expect(await rowOf(table, 'plain-2')).toMatchObject({ flash: [], flash_seq: '0' })
  })

  it('replaces a session whose id is taken on its own, as set does, and stores the new ones of its turn', async () => {
    const { store, table, writes } = await storeWith()
    await store.set('taken', { cookie, old: true, userId: 'before' })
    await store.set('expired', { cookie, old: true })
    await sql(`UPDATE "${table}" SET expires_at = now() - interval '1 second', created_at = now() - interval '1 day' WHERE id = 'expired'`)
    const createdBefore = (await rowOf(table, 'taken')).created_at
    const held = await tables.pool().connect()
    try {
      // A row another transaction is changing does not hold up the new sessions of the batch (ON CONFLICT alone
      // would wait for that transaction).
      await held.query('BEGIN')
      await held.query(`UPDATE "${table}" SET data = data WHERE id = 'taken'`)
      writes().length = 0
      const settled: string[] = []
      const all = Promise.all(
        ['taken', 'fresh-1', 'expired', 'fresh-2'].map(async (id) => {
          await store.set(id, { cookie, fresh: id, userId: 'after' })
          settled.push(id)
        }),
      )
      await expect.poll(() => settled.length, { timeout: 5000 }).toBe(3)
      expect(settled).not.toContain('taken')
      await held.query('COMMIT')
      await all
    } finally {
      await held.query('ROLLBACK').catch(() => undefined)
      held.release()
    }
    for (const id of ['taken', 'fresh-1', 'expired', 'fresh-2']) expect(await rowOf(table, id)).toMatchObject({ data: { fresh: id, userId: 'after' }, user_id: 'after' })
    // Replaced, not re-created: a live session keeps its creation time; an expired one starts again.
    expect((await rowOf(table, 'taken')).created_at).toEqual(createdBefore)
    expect(Date.now() - (await rowOf(table, 'expired')).created_at.getTime()).toBeLessThan(60_000)
  })

  it('fails only the session PostgreSQL refuses: the others of its statement are sent again and stored', async () => {
    const { store, table } = await storeWith()
    const results = await Promise.allSettled(ids.map((id, i) => store.set(id, { cookie, n: i === 3 ? 'bad\u0000value' : i })))
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled'])
    expect(String((results[3] as PromiseRejectedResult).reason)).toMatch(/sessionkit: .*\\u0000/)
    for (const [i, id] of ids.entries()) expect((await rowOf(table, id))?.data.n).toBe(i === 3 ? undefined : i)
  })

  it.each([
    ['a new', false],
    ['an existing', true],
  ])('stores two sets of %s session made in one turn one after the other: the later one stays', async (_, existing) => {
    const { store, table, writes } = await storeWith()
    if (existing) await store.set('twice', { cookie, n: 0 })
    writes().length = 0
    await Promise.all([store.set('twice', { cookie, n: 1, first: true }), store.set('other', { cookie }), store.set('twice', { cookie, n: 2 })])
    // The first with the other session's (and, its id being taken, again alone), the second once the first is done.
    expect(writes().length).toBeGreaterThanOrEqual(2)
    expect((await rowOf(table, 'twice')).data).toEqual({ n: 2 })
  })

  it('stores the later of two ids PostgreSQL keeps alike (lone surrogates become U+FFFD) made in one turn', async () => {
    const { store, table } = await storeWith()
    await Promise.all([store.set('sess\uD800', { cookie, v: 'first' }), store.set('sess\uDC00', { cookie, v: 'second' }), store.set('apart', { cookie })])
    expect((await rowOf(table, 'sess\uFFFD')).data).toEqual({ v: 'second' })
  })

  it('with batchStatements: false, stores every session with its own statement', async () => {
    const { store, writes } = await storeWith({ batchStatements: false })
    await Promise.all(ids.map((id) => store.set(id, { cookie })))
    expect(writes()).toHaveLength(ids.length)
    expect(writes().some((text) => text.includes('unnest('))).toBe(false)
  })
})
