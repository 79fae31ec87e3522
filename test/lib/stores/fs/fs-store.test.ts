import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { sessionFileName } from '../../../../src/lib/stores/fs/session-file-name.ts'
import { createFsStore, FsStore, type FsStoreOptions } from '../../../../src/stores/fs.ts'
import { describeClockedStoreContract, expressCookie } from '../../../support/clocked-store-contract.ts'

let now = Date.parse('2026-01-01T00:00:00Z')
let root: string
let directories = 0
const stores: FsStore[] = []

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sessionkit-fs-'))
})
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

function freshDirectory(): string {
  return join(root, `store-${++directories}`, 'sessions')
}

function store(options: Partial<FsStoreOptions> = {}): FsStore {
  const created = new FsStore({ directory: freshDirectory(), now: () => now, pruneInterval: false, ...options })
  stores.push(created)
  return created
}

const hour = 3_600_000

describe('FsStore options', () => {
  it.each([
    [{}, /option directory is invalid: undefined/],
    [{ directory: '' }, /option directory is invalid: ""/],
    [{ directory: 'x', ttl: 0 }, /option ttl is invalid: 0/],
    [{ directory: 'x', pruneInterval: -1 }, /option pruneInterval is invalid: -1/],
    [{ directory: 'x', userKey: 'userId' }, /the file store has no per-user index/],
  ])('rejects %o at construction', (options, message) => {
    expect(() => new FsStore(options as FsStoreOptions)).toThrow(TypeError)
    expect(() => new FsStore(options as FsStoreOptions)).toThrow(/^sessionkit: /)
    expect(() => new FsStore(options as FsStoreOptions)).toThrow(message)
  })

  it('has no per-user methods', () => {
    const s = createFsStore({ directory: freshDirectory(), pruneInterval: false })
    stores.push(s)
    expect('listSessionsOfUser' in s).toBe(false)
    expect('destroySessionsOfUser' in s).toBe(false)
  })
})

describeClockedStoreContract('FsStore contract on a fake clock', (options) => new FsStore({ directory: freshDirectory(), pruneInterval: false, ...options }))

describe('FsStore contract', () => {
  it('creates the directory owner-only and files owner-only, in the documented format', async () => {
    const s = store()
    await s.set('a', { cookie: expressCookie(now, hour), n: 1, flash: { info: ['hi'] } }, hour)
    expect((await stat(s.directory)).mode & 0o777).toBe(0o700)
    const path = join(s.directory, sessionFileName('a'))
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      id: 'a',
      record: { cookie: expressCookie(now, hour), n: 1 },
      flash: [{ id: '1', type: 'info', message: 'hi' }],
      flashSeq: 1,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + hour,
      slidingTtl: hour,
    })
  })

  it('a missing directory reads as no sessions', async () => {
    const s = store()
    expect(await s.get('a')).toBeUndefined()
    expect(await s.all()).toEqual({})
    expect(await s.prune()).toBe(0)
    await s.clear()
  })

  it('a session set with a ttl of 0 or less leaves no file', async () => {
    const s = store()
    await s.set('a', { n: 1 })
    await s.set('a', { n: 2 }, 0)
    expect(await readdir(s.directory)).toEqual([])
  })

  it('load rewrites the file only when the expiry would move by more than a tenth of the lifetime', async () => {
    const s = store({ ttl: hour })
    await s.set('a', { cookie: expressCookie(now, hour) })
    const path = join(s.directory, sessionFileName('a'))
    const expiresAt = async () => (JSON.parse(await readFile(path, 'utf8')) as { expiresAt: number }).expiresAt
    const before = await expiresAt()
    now += hour / 10
    expect((await s.load('a'))?.record.cookie?.expires).toBe(new Date(before).toISOString())
    expect(await expiresAt()).toBe(before)
    now += 1
    await s.load('a')
    expect(await expiresAt()).toBe(now + hour)
  })

  it('a destroy queued behind an update is not undone by it', async () => {
    const s = store()
    await s.set('a', { n: 1 })
    const [updated] = await Promise.all([s.update('a', { set: { n: 2 }, unset: [] }), s.destroy('a')])
    expect(updated).toBe(true)
    expect(await s.get('a')).toBeUndefined()
  })

  it('a load that slides the expiry never undoes an update racing with it', async () => {
    const s = store({ ttl: hour })
    await s.set('a', { n: 1 })
    now += hour / 2
    await Promise.all([s.load('a'), s.update('a', { set: { n: 2 }, unset: [] }), s.load('a')])
    expect(await s.get('a')).toEqual({ n: 2 })
  })

  it('all, ids, length and clear see only the session files of this directory', async () => {
    const s = store()
    await s.set('a', { n: 1 })
    await writeFile(join(s.directory, 'notes.txt'), 'keep me')
    await writeFile(join(s.directory, `${'f'.repeat(64)}.json`), '{"id":"someone else"}')
    expect(await s.all()).toEqual({ a: { n: 1 } })
    expect(await s.ids()).toEqual(['a'])
    expect(await s.length()).toBe(1)
    await s.clear()
    expect(await readdir(s.directory)).toEqual(['notes.txt'])
  })

  it('prune deletes expired and damaged session files and stale temporary files, and nothing else', async () => {
    const s = store()
    await s.set('expired', {}, 10)
    await s.set('live', {}, 100)
    await writeFile(join(s.directory, sessionFileName('damaged')), '{nope')
    const stale = `.${'a'.repeat(24)}.tmp`
    const fresh = `.${'b'.repeat(24)}.tmp`
    await writeFile(join(s.directory, stale), 'half')
    await writeFile(join(s.directory, fresh), 'half')
    await writeFile(join(s.directory, 'notes.txt'), 'keep me')
    now = Date.now()
    await s.set('live', {}, 100)
    await utimes(join(s.directory, stale), new Date(now - 120_000), new Date(now - 120_000))
    expect(await s.prune()).toBe(2)
    expect((await readdir(s.directory)).sort()).toEqual([fresh, sessionFileName('live'), 'notes.txt'].sort())
  })

  it('the prune timer deletes expired files on its interval', async () => {
    const s = store({ pruneInterval: 5 })
    await s.set('a', {}, 10)
    now += 10
    await expect.poll(() => readdir(s.directory), { interval: 5, timeout: 2000 }).toEqual([])
  })

  it('sessions survive a restart: a new store on the same directory reads them', async () => {
    const directory = freshDirectory()
    const first = store({ directory })
    await first.set('a', { n: 1, flash: { info: ['kept'] } })
    await first.close()
    expect(await store({ directory }).get('a')).toEqual({ n: 1, flash: { info: ['kept'] } })
  })

  it.each([
    ['not JSON', '{nope'],
    ['truncated', '{"id":"a","record":{"n":1},"flash":[],"flashSeq":0,"createdAt":1,"lastS'],
    ['another id', JSON.stringify({ id: 'b', record: {}, flash: [], flashSeq: 0, createdAt: 1, lastSeenAt: 1, expiresAt: 9e15, slidingTtl: 1 })],
    ['record an array', JSON.stringify({ id: 'a', record: [], flash: [], flashSeq: 0, createdAt: 1, lastSeenAt: 1, expiresAt: 9e15, slidingTtl: 1 })],
    ['expiry a string', JSON.stringify({ id: 'a', record: {}, flash: [], flashSeq: 0, createdAt: 1, lastSeenAt: 1, expiresAt: 'later', slidingTtl: 1 })],
  ])('a damaged file (%s) reads as no session and update leaves it alone', async (_name, text) => {
    const s = store()
    await s.set('a', { n: 1 })
    const path = join(s.directory, sessionFileName('a'))
    await writeFile(path, text)
    expect(await s.get('a')).toBeUndefined()
    expect(await s.load('a')).toBeUndefined()
    expect(await s.update('a', { set: { n: 3 }, unset: [] })).toBe(false)
    expect(await readFile(path, 'utf8')).toBe(text)
    expect(await s.all()).toEqual({})
  })

  it('file system errors propagate as rejections', async () => {
    const directory = freshDirectory()
    await writeFile(join(root, 'a-file'), '')
    const s = store({ directory: join(root, 'a-file', 'sessions') })
    await expect(s.set('a', {})).rejects.toThrow(/ENOTDIR|EEXIST/)
    expect(directory).toBeTruthy()
  })
})

describe('FsStore with hostile ids', () => {
  it.each([
    ['a path escape', '../../etc/passwd'],
    ['an absolute path', '/etc/passwd'],
    ['NUL bytes', 'a\0b'],
    ['a very long id', 'x'.repeat(100_000)],
    ['dots', '..'],
    ['an empty id', ''],
  ])('%s stays inside the directory and round-trips', async (_name, id) => {
    const directory = freshDirectory()
    const s = store({ directory })
    await s.set(id, { n: 1 })
    expect(await readdir(join(directory, '..'))).toEqual(['sessions'])
    expect(await readdir(directory)).toEqual([sessionFileName(id)])
    expect(await s.get(id)).toEqual({ n: 1 })
    expect(await s.ids()).toEqual([id])
    await s.destroy(id)
    expect(await readdir(directory)).toEqual([])
  })
})

describe('FsStore atomic writes', () => {
  it('concurrent writers (two stores on one directory) and readers never see a partly written file', async () => {
    const directory = freshDirectory()
    const writers = [store({ directory }), store({ directory })]
    const reader = store({ directory })
    const big = (round: number) => ({ round, payload: 'x'.repeat(1_000_000 + round) })
    await reader.set('a', big(0))
    let writing = true
    const writes = Promise.all(
      writers.map(async (writer, index) => {
        for (let round = 1; round <= 15; round++) await writer.set('a', big(round * 2 + index))
      }),
    ).finally(() => {
      writing = false
    })
    const seen: Array<{ round: number; payload: string } | undefined> = []
    while (writing) seen.push(...((await Promise.all([reader.get('a'), reader.get('a'), reader.get('a')])) as typeof seen))
    await writes
    expect(seen.length).toBeGreaterThan(0)
    for (const result of seen) {
      expect(result).toBeDefined()
      expect(result?.payload.length).toBe(1_000_000 + (result?.round ?? 0))
    }
    expect(await readdir(directory)).toEqual([sessionFileName('a')])
  })
})
