import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { databaseUrl, postgresAvailable } from '../../../support/services.ts'
import { PostgresStore } from '../../../../src/lib/stores/postgres/postgres-store.ts'
import { createTestPostgresStore, lifetimeOf } from './postgres-test-table.ts'

const up = await postgresAvailable()

// A write that changes no indexed column is a HOT update: PostgreSQL adds no index entries. expires_at is
// indexed, so update keeps it (and last_seen_at) when it would move by no more than a second.
describe.skipIf(!up)('PostgresStore.update keeps the expiry when it would barely move', () => {
  const { store, pool, tableName, cleanup } = createTestPostgresStore('hot', {}, 2)
  const sql = (text: string, values: unknown[] = []) => pool.query(text, values)
  const timesOf = async (id: string) =>
    (await sql(`SELECT expires_at::text AS expires, last_seen_at::text AS seen, xmin::text AS x FROM "${tableName}" WHERE id = $1`, [id])).rows[0] as { expires: string; seen: string; x: string }

  beforeAll(async () => {
    await store.length()
  })
  afterAll(cleanup)

  it('writes the change but leaves expires_at and last_seen_at as they were within the second', async () => {
    await store.set('quick', { views: 0 }, 3_600_000)
    const before = await timesOf('quick')
    expect(await store.update('quick', { set: { views: 1 }, unset: [] }, 3_600_000)).toBe(true)
    expect(await store.update('quick', { set: { views: 2 }, unset: [] }, 3_600_000)).toBe(true)
    const after = await timesOf('quick')
    expect(after.x).not.toBe(before.x)
    expect({ expires: after.expires, seen: after.seen }).toEqual({ expires: before.expires, seen: before.seen })
    expect(await store.get('quick')).toEqual({ views: 2 })
    expect(await lifetimeOf(pool, tableName, 'quick')).toBe(3_600_000)
  })

  it('so PostgreSQL updates the row in place (HOT), every write of a burst', async () => {
    await store.set('burst', { views: 0 }, 3_600_000)
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    try {
      // The per-transaction counters are exact and need no stats flush; the first write is the one that would
      // change expires_at without the rule (later ones in one transaction share its now()).
      await client.query('BEGIN')
      const inTransaction = new PostgresStore({ pool: client, tableName, pruneInterval: false })
      for (let views = 1; views <= 5; views++) await inTransaction.update('burst', { set: { views }, unset: [] }, 3_600_000)
      const { rows } = await client.query(
        'SELECT pg_stat_get_xact_tuples_updated($1::regclass)::int AS updated, pg_stat_get_xact_tuples_hot_updated($1::regclass)::int AS hot',
        [`"${tableName}"`],
      )
      expect(rows[0]).toEqual({ updated: 5, hot: 5 })
      await client.query('COMMIT')
      await inTransaction.close()
    } finally {
      await client.end()
    }
    expect(await store.get('burst')).toEqual({ views: 5 })
  })

  it('moves both once the expiry would move by more than a second', async () => {
    await store.set('due', {}, 3_600_000)
    await sql(`UPDATE "${tableName}" SET expires_at = expires_at - interval '2 seconds', last_seen_at = last_seen_at - interval '2 seconds' WHERE id = 'due'`)
    await store.update('due', { set: { a: 1 }, unset: [] }, 3_600_000)
    const { rows } = await sql(`SELECT abs(extract(epoch FROM expires_at - (now() + interval '1 hour'))) < 0.5 AS fresh FROM "${tableName}" WHERE id = 'due'`)
    expect(rows[0]?.fresh).toBe(true)
    expect(await lifetimeOf(pool, tableName, 'due')).toBe(3_600_000)
  })

  it('moves both by a tenth of a short lifetime', async () => {
    await store.set('short', {}, 1000)
    await sql(`UPDATE "${tableName}" SET expires_at = expires_at - interval '150 milliseconds', last_seen_at = last_seen_at - interval '150 milliseconds' WHERE id = 'short'`)
    const before = await timesOf('short')
    await store.update('short', { set: {}, unset: [] }, 1000)
    expect((await timesOf('short')).expires).not.toBe(before.expires)
    expect(await lifetimeOf(pool, tableName, 'short')).toBe(1000)
  })

  it('moves both on every write with lastSeenResolution 0', async () => {
    const exact = new PostgresStore({ pool, tableName, pruneInterval: false, lastSeenResolution: 0 })
    await exact.set('exact', {}, 3_600_000)
    const before = await timesOf('exact')
    await exact.update('exact', { set: { a: 1 }, unset: [] }, 3_600_000)
    const after = await timesOf('exact')
    expect(after.expires).not.toBe(before.expires)
    expect(after.seen).not.toBe(before.seen)
    await exact.close()
  })
})
