import Database from 'better-sqlite3'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createSqliteStore, SqliteStore, type SqliteDatabase, type SqliteStoreOptions } from '../../../../src/stores/sqlite.ts'
import { describeClockedStoreContract, expressCookie } from '../../../support/clocked-store-contract.ts'

let now = Date.parse('2026-01-01T00:00:00Z')
let directory: string
const stores: SqliteStore[] = []
const databases: Database.Database[] = []

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sessionkit-sqlite-'))
})
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
  for (const database of databases.splice(0)) database.close()
})
afterAll(async () => {
  await rm(directory, { recursive: true, force: true })
})

let files = 0
function freshPath(): string {
  return join(directory, `nested-${++files}`, 'sessions.db')
}

function store(options: Partial<SqliteStoreOptions> = {}): SqliteStore {
  const created = new SqliteStore({ ...(options.database ? {} : { path: freshPath() }), now: () => now, pruneInterval: false, ...options })
  stores.push(created)
  return created
}

function openDatabase(path = ':memory:'): Database.Database {
  const database = new Database(path)
  databases.push(database)
  return database
}

const hour = 3_600_000

describe('SqliteStore options', () => {
  it.each([
    [{}, /needs option database .* or option path/],
    [{ path: 'a.db', database: {} as SqliteDatabase }, /got both options database and path/],
    [{ database: {} as SqliteDatabase }, /option database is invalid: object Object/],
    [{ path: '' }, /option path is invalid: ""/],
    [{ path: 'a.db', ttl: -1 }, /option ttl is invalid: -1/],
    [{ path: 'a.db', pruneInterval: 0 }, /option pruneInterval is invalid: 0/],
    [{ path: 'a.db', tableName: '' }, /option tableName is invalid/],
    [{ path: 'a.db', userKey: '' }, /option userKey is invalid/],
    [{ path: 'a.db', lastSeenResolution: -1 }, /option lastSeenResolution is invalid: -1/],
  ])('rejects %o at construction', (options, message) => {
    expect(() => new SqliteStore(options as SqliteStoreOptions)).toThrow(TypeError)
    expect(() => new SqliteStore(options as SqliteStoreOptions)).toThrow(/^sessionkit: /)
    expect(() => new SqliteStore(options as SqliteStoreOptions)).toThrow(message)
  })

  it('accepts a better-sqlite3 Database by type and leaves it open on close', async () => {
    const database = openDatabase()
    const s = createSqliteStore({ database, pruneInterval: false })
    await s.set('a', { n: 1 })
    await s.close()
    expect(database.open).toBe(true)
    await expect(s.get('a')).rejects.toThrow(/^sessionkit: the SQLite store .* is closed/)
  })

  it('quotes the table name: any name is one table, and only that table is touched', async () => {
    const database = openDatabase()
    database.exec('CREATE TABLE other (x); INSERT INTO other VALUES (1)')
    const s = store({ database, tableName: 'odd "name"; DROP TABLE other; --' })
    await s.set('a', { n: 1 })
    await s.clear()
    expect(database.prepare('SELECT count(*) AS n FROM other').get()).toEqual({ n: 1 })
    expect(database.prepare('SELECT name FROM sqlite_master WHERE type = ? ORDER BY name').all('table')).toEqual([{ name: 'odd "name"; DROP TABLE other; --' }, { name: 'other' }])
  })

  it('opens a file in WAL mode with a busy timeout, and sets WAL on a passed-in database', async () => {
    const path = freshPath()
    const s = store({ path })
    await s.set('a', {})
    const reader = openDatabase(path)
    expect(reader.pragma('journal_mode', { simple: true })).toBe('wal')
    const file = openDatabase(join(directory, 'passed-in.db'))
    await store({ database: file }).length()
    expect(file.pragma('journal_mode', { simple: true })).toBe('wal')
  })

  it('methods of the per-user index reject without userKey, saying what to pass', async () => {
    const s = store()
    await expect(s.listSessionsOfUser('u')).rejects.toThrow(/^sessionkit: listSessionsOfUser\(\) needs the per-user index: pass option userKey/)
    await expect(s.destroySessionsOfUser('u')).rejects.toThrow(/pass option userKey/)
  })
})

describeClockedStoreContract('SqliteStore contract on a fake clock', (options) => new SqliteStore({ path: freshPath(), pruneInterval: false, ...options }))

describe('SqliteStore contract', () => {
  it('load writes only when the expiry would move by more than a tenth of the lifetime', async () => {
    const database = openDatabase()
    const s = store({ database, ttl: hour })
    await s.set('a', { cookie: expressCookie(now, hour) })
    const expiresAt = () => (database.prepare('SELECT expires_at FROM sessions').get() as { expires_at: number }).expires_at
    const before = expiresAt()
    now += 30_000
    const loaded = await s.load('a')
    expect(expiresAt()).toBe(before)
    expect(loaded?.record.cookie?.expires).toBe(new Date(before).toISOString())
    now += hour / 10
    await s.load('a')
    expect(expiresAt()).toBe(now + hour)
  })

  it('load refreshes last seen when it is over a minute old, even if the expiry barely moves', async () => {
    const database = openDatabase()
    const s = store({ database, ttl: 10 * hour })
    await s.set('a', {})
    const lastSeen = () => (database.prepare('SELECT last_seen_at FROM sessions').get() as { last_seen_at: number }).last_seen_at
    const written = now
    now += 30_000
    await s.load('a')
    expect(lastSeen()).toBe(written)
    now += 31_000
    await s.load('a')
    expect(lastSeen()).toBe(now)
  })

  it('with lastSeenResolution 0, every load records last seen', async () => {
    const database = openDatabase()
    const s = store({ database, lastSeenResolution: 0 })
    await s.set('a', {})
    now += 5
    await s.load('a')
    expect(database.prepare('SELECT last_seen_at FROM sessions').get()).toEqual({ last_seen_at: now })
  })

  it('update can change the cookie and keeps unusual keys as plain data', async () => {
    const s = store()
    await s.set('a', { cookie: expressCookie(now, hour) })
    const newCookie = expressCookie(now, 2 * hour)
    await s.update('a', { set: { cookie: newCookie, ['__proto__']: { polluted: true } }, unset: [] })
    const loaded = await s.get('a')
    expect(loaded?.cookie).toEqual(newCookie)
    expect(Object.hasOwn(loaded ?? {}, '__proto__')).toBe(true)
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined()
  })

  it('all, ids, length and clear see only the sessions of this table', async () => {
    const database = openDatabase()
    const s = store({ database })
    const other = store({ database, tableName: 'other_sessions' })
    await other.set('x', { n: 0 })
    await s.set('a', { n: 1 })
    expect(await s.all()).toEqual({ a: { n: 1 } })
    expect(await s.ids()).toEqual(['a'])
    expect(await s.length()).toBe(1)
    await s.clear()
    expect(await other.get('x')).toEqual({ n: 0 })
  })

  it('prune deletes expired rows only', async () => {
    const database = openDatabase()
    const s = store({ database })
    await s.set('a', {}, 10)
    await s.set('b', {}, 100)
    now += 10
    expect(await s.prune()).toBe(1)
    expect(database.prepare('SELECT id FROM sessions').all()).toEqual([{ id: 'b' }])
  })

  it('the prune timer deletes expired rows on its interval', async () => {
    const database = openDatabase()
    const s = store({ database, pruneInterval: 5 })
    await s.set('a', {}, 10)
    now += 10
    await expect.poll(() => database.prepare('SELECT count(*) AS n FROM sessions').get(), { interval: 5, timeout: 2000 }).toEqual({ n: 0 })
  })

  it('sessions survive a restart: a new store on the same file reads them', async () => {
    const path = freshPath()
    const first = store({ path })
    await first.set('a', { n: 1, flash: { info: ['kept'] } })
    await first.close()
    const second = store({ path })
    expect(await second.get('a')).toEqual({ n: 1, flash: { info: ['kept'] } })
  })

  it.each([
    ['bad data JSON', { data: '{nope' }],
    ['data not an object', { data: '[1,2]' }],
    ['bad cookie JSON', { cookie: '{' }],
    ['cookie not an object', { cookie: '"x"' }],
    ['bad flash JSON', { flash: 'nope' }],
    ['flash entry without id', { flash: '[{"type":"info","message":"x"}]' }],
    ['expiry not an integer', { expires_at: 'soon' }],
  ])('a damaged row (%s) reads as no session and update leaves it alone', async (_name, damage) => {
    const database = openDatabase()
    const s = store({ database })
    await s.set('a', { n: 1, cookie: expressCookie(now, hour) })
    await s.set('b', { n: 2 })
    const [column, value] = Object.entries(damage)[0] as [string, string]
    database.prepare(`UPDATE sessions SET ${column} = ? WHERE id = 'a'`).run(value)
    // a text expiry compares greater than any integer, so the row still counts as live for SQL
    expect(await s.get('a')).toBeUndefined()
    expect(await s.load('a')).toBeUndefined()
    expect(await s.update('a', { set: { n: 3 }, unset: [] })).toBe(false)
    expect(await s.all()).toEqual({ b: { n: 2 } })
  })

  it('server errors propagate as rejections', async () => {
    const database = openDatabase()
    const s = store({ database })
    await s.set('a', {})
    database.exec('DROP TABLE sessions')
    await expect(s.get('a')).rejects.toThrow(/no such table/)
  })
})

describe('SqliteStore per-user index', () => {
  it('lists live sessions of a user, most recently seen first, with their times', async () => {
    const s = store({ userKey: 'userId' })
    await s.set('first', { userId: 'alice', agent: 'phone', flash: { info: ['x'] } })
    now += 1000
    await s.set('second', { userId: 'alice', agent: 'laptop' })
    await s.set('bob', { userId: 'bob' })
    await s.set('anonymous', { n: 1 })
    const created = now - 1000
    now += 120_000
    await s.load('first')
    const sessions = await s.listSessionsOfUser('alice')
    expect(sessions.map((session) => session.id)).toEqual(['first', 'second'])
    expect(sessions[0]).toEqual({
      id: 'first',
      record: { userId: 'alice', agent: 'phone' },
      createdAt: new Date(created),
      lastSeenAt: new Date(now),
      expiresAt: new Date(now + 86_400_000),
    })
  })

  it('never lists expired or destroyed sessions, and drops them from the index', async () => {
    const database = openDatabase()
    const s = store({ database, userKey: 'userId' })
    await s.set('short', { userId: 'alice' }, 10)
    await s.set('gone', { userId: 'alice' })
    await s.set('live', { userId: 'alice' })
    await s.destroy('gone')
    now += 10
    expect((await s.listSessionsOfUser('alice')).map((session) => session.id)).toEqual(['live'])
    expect(database.prepare('SELECT id FROM sessions').all()).toEqual([{ id: 'live' }])
  })

  it('a session follows its user: a changed user moves it, a removed user key drops it', async () => {
    const s = store({ userKey: (record) => record.account as string | undefined })
    await s.set('a', { account: 'alice' })
    await s.update('a', { set: { account: 'bob' }, unset: [] })
    expect(await s.listSessionsOfUser('alice')).toEqual([])
    expect((await s.listSessionsOfUser('bob')).map((session) => session.id)).toEqual(['a'])
    await s.update('a', { set: {}, unset: ['account'] })
    expect(await s.listSessionsOfUser('bob')).toEqual([])
  })

  it('numeric user ids index as strings', async () => {
    const s = store({ userKey: 'userId' })
    await s.set('a', { userId: 42 })
    expect((await s.listSessionsOfUser('42')).map((session) => session.id)).toEqual(['a'])
  })

  it('destroySessionsOfUser destroys all but except and counts them', async () => {
    const s = store({ userKey: 'userId' })
    await s.set('a', { userId: 'alice' })
    await s.set('b', { userId: 'alice' })
    await s.set('c', { userId: 'alice' })
    await s.set('expired', { userId: 'alice' }, 5)
    await s.set('bob', { userId: 'bob' })
    now += 5
    expect(await s.destroySessionsOfUser('alice', { except: 'b' })).toBe(2)
    expect(await s.ids()).toEqual(expect.arrayContaining(['b', 'bob']))
    expect(await s.destroySessionsOfUser('alice', { except: [] })).toBe(1)
    expect(await s.destroySessionsOfUser('alice')).toBe(0)
    expect(await s.ids()).toEqual(['bob'])
  })
})

describe('SqliteStore shared by two connections to one file', () => {
  it('interleaved updates through both connections all persist', async () => {
    const path = freshPath()
    const a = store({ path })
    const b = store({ path })
    await a.set('s', {})
    // both connections open before the race, so the updates reach SQLite in the order they were made
    await b.length()
    const updates = Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).update('s', { set: { [`k${i}`]: i }, unset: [], flashAdd: [{ type: 'info', message: i }] }))
    expect(await Promise.all(updates)).toEqual(updates.map(() => true))
    const loaded = await b.load('s')
    expect(Object.keys(loaded?.record ?? {})).toHaveLength(20)
    expect(loaded?.flash.map((entry) => entry.message)).toEqual(Array.from({ length: 20 }, (_, i) => i))
  })
})
