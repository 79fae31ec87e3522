// Group commit: the changes requests make in one turn of the event loop go as one multi-row UPDATE, and each
// request still gets its own answer: applied, gone, or its own error.
import { describe, expect, it, vi } from 'vitest'
import type { PostgresStore } from '../../../../src/lib/stores/postgres/postgres-store.ts'
import type { PostgresStoreOptions } from '../../../../src/lib/stores/postgres/postgres-store-options.ts'
import { postgresAvailable } from '../../../support/services.ts'
import { storesOnNewTables } from './postgres-test-table.ts'

const up = await postgresAvailable()

const cookie = { originalMaxAge: 60_000, path: '/' }
const ids = ['s-c', 's-a', 's-e', 's-b', 's-d']

describe.skipIf(!up)('PostgresStore batched updates', () => {
  const tables = storesOnNewTables('batched')

  async function storeWith(options: Partial<PostgresStoreOptions> = {}): Promise<{ store: PostgresStore; tableName: string; updates: () => string[] }> {
    const { store, tableName, queries } = tables.newStore(options)
    for (const id of ids) await store.set(id, { cookie, n: 0, gone: true, owner: 'nobody' })
    queries.length = 0
    // A single change is an UPDATE; a batch, a statement that locks its rows first (WITH c AS … UPDATE). Reads
    // (WITH clamped AS …) are not counted.
    return { store, tableName, updates: () => queries.filter((text) => text.startsWith('UPDATE') || text.startsWith('WITH c AS')) }
  }

  it('sends the changes of several sessions made in one turn as one statement, and each lands', async () => {
    const { store, updates } = await storeWith()
    const applied = await Promise.all(
      ids.map((id, i) => store.update(id, { set: { cookie, n: i + 1 }, unset: ['gone'], flashAdd: [{ type: 'info', message: `m${i}` }, { type: 'error', message: { at: i } }] })),
    )
    expect(applied).toEqual([true, true, true, true, true])
    expect(updates()).toHaveLength(1)
    expect(updates()[0]).toContain('unnest(')
    for (const [i, id] of ids.entries()) {
      const loaded = await store.load(id)
      expect(loaded?.record).toMatchObject({ n: i + 1, owner: 'nobody' })
      expect(loaded?.record).not.toHaveProperty('gone')
      expect(loaded?.flash.map(({ type, message }) => ({ type, message }))).toEqual([
        { type: 'info', message: `m${i}` },
        { type: 'error', message: { at: i } },
      ])
    }

    // Taking messages by id in a batch removes exactly those, and new ones are numbered after the old.
    const taken = await Promise.all(ids.map(async (id) => ({ id, flash: (await store.load(id))!.flash })))
    await Promise.all(taken.map(({ id, flash }) => store.update(id, { set: {}, unset: [], flashRemove: [flash[0]!.id], flashAdd: [{ type: 'info', message: 'next' }] })))
    for (const [i, { id, flash }] of taken.entries()) {
      const after = (await store.load(id))!.flash
      expect(after.map(({ type, message }) => ({ type, message }))).toEqual([
        { type: 'error', message: { at: i } },
        { type: 'info', message: 'next' },
      ])
      expect(after[0]!.id).toBe(flash[1]!.id)
      expect(new Set(after.map((entry) => entry.id)).size).toBe(2)
    }
  })

  it('answers false for a session that is gone, true for the others of the same statement', async () => {
    const { store, updates } = await storeWith()
    await store.destroy('s-e')
    const applied = await Promise.all(ids.map((id) => store.update(id, { set: { cookie, n: 9 }, unset: [] })))
    expect(applied).toEqual([true, true, false, true, true])
    // The batch, then the change it did not apply alone, which finds the session gone.
    expect(updates()).toHaveLength(2)
    expect(updates()[1]).not.toContain('unnest(')
    expect(await store.get('s-e')).toBeUndefined()
  })

  it('never puts two changes of one session in one statement, and both land', async () => {
    const { store, updates } = await storeWith()
    const applied = await Promise.all([
      store.update('s-a', { set: { first: 1 }, unset: [], flashAdd: [{ type: 'info', message: 'one' }] }),
      store.update('s-b', { set: { n: 2 }, unset: [], flashAdd: [{ type: 'info', message: 'b' }] }),
      store.update('s-a', { set: { second: 2 }, unset: [], flashAdd: [{ type: 'info', message: 'two' }] }),
    ])
    expect(applied).toEqual([true, true, true])
    // s-a's first change with s-b's, then its second alone (and the first alone too when the second took s-a's
    // row before the batch reached it).
    expect(updates().length).toBeGreaterThanOrEqual(2)
    expect(updates()[0]).toContain('unnest(')
    const loaded = await store.load('s-a')
    expect(loaded?.record).toMatchObject({ first: 1, second: 2 })
    // Parallel changes of one session land in no promised order, batched or not.
    expect(loaded?.flash.map((entry) => entry.message).sort()).toEqual(['one', 'two'])
  })

  it('does not wait for a session another transaction holds: the others land at once, that one once it is free', async () => {
    const { store, tableName, updates } = await storeWith()
    const holder = await tables.pool().connect()
    try {
      await holder.query('BEGIN')
      await holder.query(`SELECT id FROM "${tableName}" WHERE id = 's-b' FOR UPDATE`)
      const settled: string[] = []
      const all = Promise.all(ids.map((id) => store.update(id, { set: { n: 7 }, unset: [] }).then((applied) => settled.push(id) && applied)))
      await expect.poll(() => settled.length, { timeout: 5000 }).toBe(ids.length - 1)
      expect(settled).not.toContain('s-b')
      await holder.query('COMMIT')
      expect(await all).toEqual([true, true, true, true, true])
      expect(settled.at(-1)).toBe('s-b')
      // The batch, then s-b alone, which waited for its row.
      expect(updates()).toHaveLength(2)
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined)
      holder.release()
    }
    for (const id of ids) expect((await store.get(id))?.n).toBe(7)
  })

  it('fails only the change PostgreSQL refuses: the others of its statement are sent again and land', async () => {
    const { store, updates } = await storeWith()
    const results = await Promise.allSettled(ids.map((id, i) => store.update(id, { set: { cookie, n: i === 2 ? 'bad\u0000value' : i + 10 }, unset: [] })))
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled'])
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/sessionkit: .*\\u0000/)
    // The batch, then each change alone.
    expect(updates()).toHaveLength(1 + ids.length)
    for (const [i, id] of ids.entries()) expect((await store.get(id))?.n).toBe(i === 2 ? 0 : i + 10)
  })

  it('gives each session of a batch with a function userKey its own new data and user', async () => {
    const { store } = await storeWith({ userKey: (record) => (typeof record.owner === 'string' ? record.owner : undefined) })
    await Promise.all(ids.map((id, i) => store.update(id, { set: { owner: i % 2 === 0 ? 'even' : 'odd' }, unset: [] })))
    expect((await store.listSessionsOfUser('even')).map((session) => session.id).sort()).toEqual(['s-c', 's-e', 's-d'].sort())
    expect((await store.listSessionsOfUser('odd')).map((session) => session.id).sort()).toEqual(['s-a', 's-b'].sort())
  })

  it("still sends its changes when a test's fake timers replace the global setImmediate", async () => {
    const { store, updates } = await storeWith()
    vi.useFakeTimers()
    try {
      expect(await Promise.all(ids.map((id) => store.update(id, { set: { n: 4 }, unset: [] })))).toEqual([true, true, true, true, true])
    } finally {
      vi.useRealTimers()
    }
    expect(updates()).toHaveLength(1)
  })

  it('with batchStatements: false, sends every change as its own statement', async () => {
    const { store, updates } = await storeWith({ batchStatements: false })
    expect(await Promise.all(ids.map((id) => store.update(id, { set: { n: 3 }, unset: [] })))).toEqual([true, true, true, true, true])
    expect(updates()).toHaveLength(ids.length)
    expect(updates().some((text) => text.includes('unnest('))).toBe(false)
  })
})
