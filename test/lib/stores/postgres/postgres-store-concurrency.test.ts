import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { postgresAvailable } from '../../../support/services.ts'
import { PostgresStore } from '../../../../src/lib/stores/postgres/postgres-store.ts'
import { testPool, uniqueTableName } from './postgres-test-table.ts'

const up = await postgresAvailable()

describe.skipIf(!up)('PostgresStore under concurrent requests', () => {
  const pool = testPool(12)
  // The lock holder and the observer use connections of their own: the store's pool is busy with the waiting updates.
  const sidePool = testPool(2)
  const tableName = uniqueTableName('concurrency')
  const store = new PostgresStore({ pool, tableName, createTable: true, pruneInterval: false })
  // Concurrent requests served by several app processes, each with a store of its own: their statements reach
  // PostgreSQL together (one store sends one session's writes one at a time, in order).
  const processes = Array.from({ length: 40 }, () => new PostgresStore({ pool, tableName, pruneInterval: false }))

  /** Holds the row's lock on a connection of its own until `release`, so updates sent meanwhile really wait on each other. */
  async function lockRow(id: string): Promise<{ release: () => Promise<void>; waiting: () => Promise<number>; deleteRow: () => Promise<void> }> {
    const holder = await sidePool.connect()
    heldLocks.push(holder)
    await holder.query('BEGIN')
    await holder.query(`SELECT 1 FROM "${tableName}" WHERE id = $1 FOR UPDATE`, [id])
    return {
      async deleteRow() {
        await holder.query(`DELETE FROM "${tableName}" WHERE id = $1`, [id])
      },
      async waiting() {
        const { rows } = await sidePool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [`UPDATE "${tableName}"%`])
        return rows[0].n as number
      },
      async release() {
        await holder.query('COMMIT')
        heldLocks.splice(heldLocks.indexOf(holder), 1)
        holder.release()
      },
    }
  }

  const heldLocks: Array<{ query: (text: string) => Promise<unknown>; release: () => void }> = []
  // A failed test must not leave a row locked: the next tests would wait on it until they time out.
  afterEach(async () => {
    for (const holder of heldLocks.splice(0)) {
      await holder.query('ROLLBACK')
      holder.release()
    }
  })

  beforeAll(async () => {
    await store.length()
  })
  afterAll(async () => {
    await store.close()
    for (const other of processes) await other.close()
    await pool.query(`DROP TABLE IF EXISTS "${tableName}"`)
    await pool.end()
    await sidePool.end()
  })

  it('two concurrent updates of different keys both persist', async () => {
    await store.set('keys', { a: 0, b: 0 })
    const lock = await lockRow('keys')
    const updates = Promise.all([processes[0]!.update('keys', { set: { a: 1 }, unset: [] }), processes[1]!.update('keys', { set: { b: 2 }, unset: ['gone'] })])
    await expect.poll(lock.waiting, { timeout: 5000, interval: 10 }).toBe(2)
    await lock.release()
    expect(await updates).toEqual([true, true])
    expect(await store.get('keys')).toEqual({ a: 1, b: 2 })
  })

  it('40 concurrent flash adds all persist, each request’s messages together and in order, ids unique and increasing', async () => {
    await store.set('flash40', { n: 0 })
    const lock = await lockRow('flash40')
    const updates = Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        processes[i]!.update('flash40', { set: {}, unset: [], flashAdd: [{ type: 'info', message: `${i}-first` }, { type: 'info', message: `${i}-second` }] }),
      ),
    )
    await expect.poll(lock.waiting, { timeout: 5000, interval: 10 }).toBeGreaterThan(1)
    await lock.release()
    expect((await updates).every(Boolean)).toBe(true)
    const flash = (await store.load('flash40'))?.flash ?? []
    expect(flash).toHaveLength(80)
    expect(flash.map((entry) => Number(entry.id))).toEqual(Array.from({ length: 80 }, (_, i) => i + 1))
    for (let i = 0; i < 80; i += 2) {
      const first = String(flash[i]?.message)
      expect(first).toMatch(/^\d+-first$/)
      expect(flash[i + 1]?.message).toBe(first.replace('first', 'second'))
    }
    expect(new Set(flash.map((entry) => entry.message)).size).toBe(80)
  })

  it('sequential flash adds keep their order', async () => {
    await store.set('flash-seq', {})
    for (const message of ['a', 'b', 'c', 'd']) await store.update('flash-seq', { set: {}, unset: [], flashAdd: [{ type: 'info', message }] })
    expect((await store.get('flash-seq'))?.flash).toEqual({ info: ['a', 'b', 'c', 'd'] })
  })

  it('taking messages by id while others add concurrently keeps the added ones', async () => {
    await store.set('take', { flash: { info: ['old-1', 'old-2'] } })
    const read = await store.load('take')
    const lock = await lockRow('take')
    const updates = Promise.all([
      processes[0]!.update('take', { set: {}, unset: [], flashAdd: [{ type: 'info', message: 'new-1' }] }),
      processes[1]!.update('take', { set: {}, unset: [], flashRemove: read?.flash.map((entry) => entry.id) ?? [] }),
      processes[2]!.update('take', { set: {}, unset: [], flashAdd: [{ type: 'error', message: 'new-2' }] }),
    ])
    await expect.poll(lock.waiting, { timeout: 5000, interval: 10 }).toBe(3)
    await lock.release()
    await updates
    expect((await store.get('take'))?.flash).toEqual({ info: ['new-1'], error: ['new-2'] })
  })

  it('a load that slides the expiry never undoes a concurrent update', async () => {
    await store.set('load-vs-update', { n: 0, cookie: { originalMaxAge: 100_000 } }, 1000)
    const lock = await lockRow('load-vs-update')
    const both = Promise.all([store.update('load-vs-update', { set: { n: 1 }, unset: [] }, 100_000), store.load('load-vs-update')])
    await expect.poll(lock.waiting, { timeout: 5000, interval: 10 }).toBeGreaterThanOrEqual(1)
    await lock.release()
    await both
    expect((await store.get('load-vs-update'))?.n).toBe(1)
  })

  it('an update racing a destroy never recreates the session', async () => {
    await store.set('raced', { n: 0 })
    const lock = await lockRow('raced')
    const update = store.update('raced', { set: { n: 1 }, unset: [] })
    await expect.poll(lock.waiting, { timeout: 5000, interval: 10 }).toBe(1)
    await lock.deleteRow()
    await lock.release()
    expect(await update).toBe(false)
    expect((await pool.query(`SELECT 1 FROM "${tableName}" WHERE id = 'raced'`)).rowCount).toBe(0)
  })
})
