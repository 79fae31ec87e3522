import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresAvailable } from '../../../support/services.ts'
import { PostgresStore } from '../../../../src/lib/stores/postgres/postgres-store.ts'
import type { SessionRecord } from '../../../../src/lib/core/store-contract.ts'
import { countingPool, createTestPostgresStore } from './postgres-test-table.ts'

const up = await postgresAvailable()

describe.skipIf(!up)('PostgresStore per-user sessions', () => {
  const { store, pool, tableName, cleanup } = createTestPostgresStore('users', { userKey: 'userId' })
  const sql = (text: string, values: unknown[] = []) => pool.query(text, values)
  const userOf = async (id: string) => (await sql(`SELECT user_id FROM "${tableName}" WHERE id = $1`, [id])).rows[0]?.user_id as string | null | undefined
  const seenAgo = (id: string, seconds: number) => sql(`UPDATE "${tableName}" SET last_seen_at = last_seen_at - $2 * interval '1 second' WHERE id = $1`, [id, seconds])

  beforeAll(async () => {
    await store.length()
  })
  afterAll(cleanup)

  it('lists a user’s live sessions, most recently seen first, without flash, with their times', async () => {
    await store.set('alice-1', { userId: 'alice', agent: 'firefox', flash: { info: ['hi'] } })
    await store.set('alice-2', { userId: 'alice', agent: 'curl', cookie: { path: '/' } }, 5000)
    await store.set('alice-old', { userId: 'alice' })
    await store.set('bob-1', { userId: 'bob' })
    await store.set('anonymous', { agent: 'x' })
    await seenAgo('alice-1', 30)
    await seenAgo('alice-2', 10)
    await sql(`UPDATE "${tableName}" SET expires_at = now() - interval '1 second' WHERE id = 'alice-old'`)
    const sessions = await store.listSessionsOfUser('alice')
    expect(sessions.map((session) => session.id)).toEqual(['alice-2', 'alice-1'])
    expect(sessions[0]?.record).toEqual({ userId: 'alice', agent: 'curl', cookie: { path: '/' } })
    expect(sessions[1]?.record).toEqual({ userId: 'alice', agent: 'firefox' })
    const [latest] = sessions
    expect(latest?.expiresAt.getTime()).toBeGreaterThan(Date.now() - 60_000)
    expect((latest?.expiresAt.getTime() ?? 0) - (latest?.lastSeenAt.getTime() ?? 0)).toBe(5000 + 10_000)
    expect(latest?.createdAt).toBeInstanceOf(Date)
    // the index cleans itself: the expired session found while listing is gone
    expect((await sql(`SELECT 1 FROM "${tableName}" WHERE id = 'alice-old'`)).rowCount).toBe(0)
    expect(await userOf('anonymous')).toBeNull()
  })

  it('listing is one statement', async () => {
    const counted = countingPool(pool)
    await new PostgresStore({ pool: counted.pool, tableName, pruneInterval: false, userKey: 'userId' }).listSessionsOfUser('alice')
    expect(counted.queries).toHaveLength(1)
  })

  it('update moves a session to its new user, and out of the index when the key is removed', async () => {
    await store.set('moving', { n: 1 })
    expect(await userOf('moving')).toBeNull()
    await store.update('moving', { set: { userId: 'carol' }, unset: [] })
    expect(await userOf('moving')).toBe('carol')
    await store.update('moving', { set: { n: 2 }, unset: [] })
    expect(await userOf('moving')).toBe('carol')
    await store.update('moving', { set: { userId: 42 }, unset: [] })
    expect(await userOf('moving')).toBe('42')
    expect((await store.listSessionsOfUser('42')).map((session) => session.id)).toEqual(['moving'])
    await store.update('moving', { set: {}, unset: ['userId'] })
    expect(await userOf('moving')).toBeNull()
    await store.set('moving', { userId: 'dave' })
    await store.set('moving', { other: true })
    expect(await userOf('moving')).toBeNull()
  })

  it('destroys a user’s sessions but the excepted ones and counts only live ones', async () => {
    await store.set('erin-1', { userId: 'erin' })
    await store.set('erin-2', { userId: 'erin' })
    await store.set('erin-3', { userId: 'erin' })
    await store.set('erin-4', { userId: 'erin' })
    await store.set('erin-dead', { userId: 'erin' })
    await store.set('frank-1', { userId: 'frank' })
    await sql(`UPDATE "${tableName}" SET expires_at = now() - interval '1 second' WHERE id = 'erin-dead'`)
    expect(await store.destroySessionsOfUser('erin', { except: 'erin-1' })).toBe(3)
    expect((await store.listSessionsOfUser('erin')).map((session) => session.id)).toEqual(['erin-1'])
    await store.set('erin-5', { userId: 'erin' })
    await store.set('erin-6', { userId: 'erin' })
    expect(await store.destroySessionsOfUser('erin', { except: ['erin-1', 'erin-6'] })).toBe(1)
    expect(await store.destroySessionsOfUser('erin')).toBe(2)
    expect(await store.listSessionsOfUser('erin')).toEqual([])
    expect(await store.get('frank-1')).toEqual({ userId: 'frank' })
  })

  it('with a function userKey, an update that changes the user moves the index', async () => {
    const byFunction = new PostgresStore({ pool, tableName, pruneInterval: false, userKey: (record: SessionRecord) => (record.passport as { user?: string } | undefined)?.user })
    await byFunction.set('fn', { passport: { user: 'gina' } })
    expect(await userOf('fn')).toBe('gina')
    const counted = countingPool(pool)
    const countedStore = new PostgresStore({ pool: counted.pool, tableName, pruneInterval: false, userKey: (record: SessionRecord) => (record.passport as { user?: string } | undefined)?.user })
    await countedStore.update('fn', { set: { n: 1 }, unset: [] })
    expect(counted.queries).toHaveLength(1)
    await countedStore.update('fn', { set: { passport: { user: 'hank' } }, unset: [] })
    expect(counted.queries).toHaveLength(3)
    expect(await userOf('fn')).toBe('hank')
    await byFunction.update('fn', { set: {}, unset: ['passport'] })
    expect(await userOf('fn')).toBeNull()
  })

  it('a user id holding NUL (which no stored id can) has no sessions, rather than a failed query', async () => {
    const withUsers = new PostgresStore({ pool, tableName, pruneInterval: false, userKey: 'userId' })
    expect(await withUsers.listSessionsOfUser('a\0b')).toEqual([])
    expect(await withUsers.destroySessionsOfUser('a\0b')).toBe(0)
  })

  it('without userKey, the per-user methods reject saying to pass it', async () => {
    const plain = new PostgresStore({ pool, tableName, pruneInterval: false })
    await expect(plain.listSessionsOfUser('alice')).rejects.toThrow(/^sessionkit: PostgresStore.listSessionsOfUser\(\) needs the userKey option/)
    await expect(plain.destroySessionsOfUser('alice')).rejects.toThrow(/^sessionkit: PostgresStore.destroySessionsOfUser\(\) needs the userKey option/)
  })
})
