import Database from 'better-sqlite3'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import request from 'supertest'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { SessionStoreError } from '../../../../src/index.ts'
import { SqliteStore } from '../../../../src/stores/sqlite.ts'
import { storeErrorReportingApp } from '../../../support/store-error-app.ts'
import { expectStoreError } from '../../../support/store-error-rejection.ts'

const directory = await mkdtemp(join(tmpdir(), 'sessionkit-sqlite-faults-'))
afterAll(() => rm(directory, { recursive: true, force: true }))

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

let files = 0
/** A fresh database file for one test, with one session `a` in it, and a store on it (closed after the test). */
async function storeWithSession(options: { busyTimeout?: number } = {}) {
  const path = join(directory, `faults-${++files}.db`)
  const store = new SqliteStore({ path, pruneInterval: false, ...options })
  cleanups.push(() => store.close())
  await store.set('a', { n: 1, cookie: { originalMaxAge: 60_000 } }, 60_000)
  return { path, store }
}

/** A second connection holding the write lock (BEGIN EXCLUSIVE) until the test ends. */
function lockWithAnotherConnection(path: string): Database.Database {
  const other = new Database(path)
  other.exec('BEGIN EXCLUSIVE')
  cleanups.push(() => other.close())
  return other
}

describe('SqliteStore option busyTimeout', () => {
  it.each([
    ['a negative number', { path: 'x.db', busyTimeout: -1 }, /^sessionkit: option busyTimeout is invalid: -1\. /],
    ['a fraction', { path: 'x.db', busyTimeout: 1.5 }, /^sessionkit: option busyTimeout is invalid: 1\.5\. /],
    ['a database passed in', { database: new Database(':memory:'), busyTimeout: 100 }, /^sessionkit: option busyTimeout of the SQLite store applies to a database it opens from path; .*db\.pragma\('busy_timeout = 1000'\)/],
  ])('refuses %s', (_label, options, message) => {
    expect(() => new SqliteStore(options as ConstructorParameters<typeof SqliteStore>[0])).toThrow(message)
  })
})

describe('SqliteStore faults', () => {
  it('rejects writes to a file locked past the busy timeout with an error naming the file, and writes nothing', async () => {
    const { path, store } = await storeWithSession({ busyTimeout: 50 })
    const other = lockWithAnotherConnection(path)

    const started = performance.now()
    const error = await expectStoreError(store.set('a', { n: 2 }, 60_000))
    expect(performance.now() - started).toBeLessThan(2000)
    expect(error).toMatchObject({ name: 'SessionStoreError', operation: 'set', code: 'SQLITE_BUSY', cause: expect.objectContaining({ code: 'SQLITE_BUSY' }) })
    expect(error.message).toBe(
      `sessionkit: the SQLite session store could not set a session in the SQLite database ${JSON.stringify(path)}: database is locked (SQLITE_BUSY). ` +
        'Nothing was written. Another connection held its write lock longer than the busy timeout (50 ms): end the long transaction ' +
        'holding it (another process, a sqlite3 shell, a BEGIN EXCLUSIVE), or raise the busy timeout.',
    )
    for (const write of [store.update('a', { set: { n: 3 }, unset: [] }, 60_000), store.touch('a', {}, 60_000), store.destroy('a')]) {
      expect((await expectStoreError(write)).message).toContain(JSON.stringify(path))
    }
    // WAL: readers are not blocked by the writer, so the session is still served, unchanged
    expect(await store.get('a')).toMatchObject({ n: 1 })

    other.exec('ROLLBACK')
    await store.set('a', { n: 2 }, 60_000)
    expect(await store.get('a')).toMatchObject({ n: 2 })
  })

  it('names the file of a database the application passed in, when that connection waits out its busy timeout', async () => {
    const { path } = await storeWithSession()
    const own = new Database(path)
    own.pragma('busy_timeout = 20')
    cleanups.push(() => own.close())
    const store = new SqliteStore({ database: own, pruneInterval: false })
    lockWithAnotherConnection(path)
    const error = await expectStoreError(store.update('a', { set: { n: 2 }, unset: [] }, 60_000))
    expect(error).toMatchObject({ operation: 'update', code: 'SQLITE_BUSY' })
    expect(error.message).toContain(`in the SQLite database ${JSON.stringify(path)}: database is locked (SQLITE_BUSY)`)
  })

  it('serves reads from a read-only connection and rejects writes with an error naming the file', async () => {
    const { path, store: writer } = await storeWithSession()
    await writer.close()
    const readOnly = new Database(path, { readonly: true })
    cleanups.push(() => readOnly.close())
    const store = new SqliteStore({ database: readOnly, pruneInterval: false })

    expect(await store.get('a')).toMatchObject({ n: 1 })
    const error = await expectStoreError(store.set('a', { n: 2 }, 60_000))
    expect(error).toMatchObject({ operation: 'set', code: 'SQLITE_READONLY' })
    expect(error.message).toMatch(/^sessionkit: the SQLite session store could not set a session in the SQLite database ".*": attempt to write a readonly database \(SQLITE_READONLY\)\. Nothing was written\. The database cannot be written: it was opened read-only, or this process may not write the file/)
    expect(error.message).toContain(JSON.stringify(path))
    expect(await store.get('a')).toMatchObject({ n: 1 })
  })

  // Root writes through chmod 0o444, so as root the file is opened with the effective uid of "nobody" (this
  // test file's own worker process; the uid is given back before anything else runs).
  it.skipIf(process.platform === 'win32')('rejects writes to a file made read-only with chmod 0o444 (opened as an unprivileged user when run as root)', async () => {
    const { path, store: writer } = await storeWithSession()
    await writer.close()
    await chmod(path, 0o444)
    await chmod(directory, 0o777)
    const store = new SqliteStore({ path, pruneInterval: false })
    cleanups.push(() => store.close())
    const root = process.getuid?.() === 0
    if (root) process.seteuid!(65534)
    let error: SessionStoreError
    try {
      expect(await store.get('a')).toMatchObject({ n: 1 })
      error = await expectStoreError(store.set('a', { n: 2 }, 60_000))
    } finally {
      if (root) process.seteuid!(0)
    }
    expect(error).toMatchObject({ operation: 'set', code: 'SQLITE_READONLY' })
    expect(error.message).toContain(`in the SQLite database ${JSON.stringify(path)}: attempt to write a readonly database (SQLITE_READONLY)`)
    expect(await store.get('a')).toMatchObject({ n: 1 })
  })

  it('rejects with an error naming the path when a file stands where its directory should be', async () => {
    const blocker = join(directory, 'not-a-directory')
    await writeFile(blocker, 'x')
    const path = join(blocker, 'sessions.db')
    const store = new SqliteStore({ path, pruneInterval: false })
    cleanups.push(() => store.close())
    const error = await expectStoreError(store.set('a', { n: 1 }, 60_000))
    expect(error.code).toMatch(/^(ENOTDIR|EEXIST)$/)
    expect(error.message).toContain(`in the SQLite database ${JSON.stringify(path)}`)
    expect(error.message).toContain('A file stands where a directory of the path should be')
    // the next call tries again, and works once the path is fixed
    await rm(blocker)
    await store.set('a', { n: 1 }, 60_000)
    expect(await store.get('a')).toMatchObject({ n: 1 })
  })

  it('fails a request with a 500 naming the locked file through sessionkit/express (Express 5), and recovers once the lock is gone', async () => {
    const { path, store } = await storeWithSession({ busyTimeout: 50 })
    const app = storeErrorReportingApp(store)
    const first = await request(app).get('/count')
    expect(first.text).toBe('1')
    const cookie = (first.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!

    const other = lockWithAnotherConnection(path)
    const failed = await request(app).get('/count').set('Cookie', cookie)
    expect(failed.status).toBe(500)
    expect(failed.body).toMatchObject({ name: 'SessionStoreError', isStoreError: true, operation: 'update', code: 'SQLITE_BUSY' })
    expect(failed.body.message).toContain(JSON.stringify(path))

    other.exec('ROLLBACK')
    expect((await request(app).get('/count').set('Cookie', cookie)).text).toBe('2')
  })
})
