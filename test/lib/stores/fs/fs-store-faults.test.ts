import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SessionStoreError } from '../../../../src/index.ts'
import { sessionFileName } from '../../../../src/lib/stores/fs/session-file-name.ts'
import { FsStore } from '../../../../src/stores/fs.ts'
import { storeErrorReportingApp } from '../../../support/store-error-app.ts'
import { expectStoreError } from '../../../support/store-error-rejection.ts'
import { mountTinyTmpfs } from './tiny-tmpfs.ts'

const root = await mkdtemp(join(tmpdir(), 'sessionkit-fs-faults-'))
afterAll(() => rm(root, { recursive: true, force: true }))

let directories = 0
function freshDirectory(): string {
  return join(root, `d${++directories}`)
}

function storeIn(directory: string): FsStore {
  return new FsStore({ directory, pruneInterval: false })
}

const record = (n: number, padding = '') => ({ n, padding, cookie: { originalMaxAge: 60_000 } })

describe('FsStore faults', () => {
  it('rejects with an error naming the directory when a file stands where one of its parents should be', async () => {
    const blocker = join(root, 'a-file')
    await writeFile(blocker, 'x')
    const directory = join(blocker, 'sessions')
    const store = storeIn(directory)
    const error = await expectStoreError(store.set('a', record(1)))
    expect(error).toMatchObject({ name: 'SessionStoreError', operation: 'set', code: 'ENOTDIR', cause: expect.objectContaining({ code: 'ENOTDIR' }) })
    expect(error.message).toBe(
      `sessionkit: the file session store could not set a session in directory ${JSON.stringify(directory)}: ENOTDIR: not a directory, open '${join(directory, sessionFileName('a'))}'. ` +
        "Nothing was written: the session's previous file, if any, is intact. " +
        'A file stands where a directory of the path should be (or a directory where a session file should be): remove it, or choose another directory.',
    )
    // reading through the file is as broken as writing: say so, rather than "no session"
    expect((await expectStoreError(store.get('a'))).message).toMatch(/^sessionkit: the file session store could not get a session in directory .*ENOTDIR: not a directory, open '.*'\. A file stands/)
    expect(await readFile(blocker, 'utf8')).toBe('x')
  })

  it('rejects while its directory is replaced by a file, keeps nothing half-written, and recovers when the directory is back', async () => {
    const directory = freshDirectory()
    const store = storeIn(directory)
    await store.set('a', record(1))
    await rm(directory, { recursive: true })
    await writeFile(directory, 'not a directory')

    const error = await expectStoreError(store.set('a', record(2)))
    expect(error).toMatchObject({ operation: 'set', code: 'ENOTDIR' })
    expect(error.message).toContain(`in directory ${JSON.stringify(directory)}: ENOTDIR: not a directory`)
    expect((await expectStoreError(store.update('a', { set: { n: 3 }, unset: [] }))).operation).toBe('update')
    expect(await readFile(directory, 'utf8')).toBe('not a directory')

    await rm(directory)
    // the directory is made again by the next write; the session itself went with the old directory
    expect(await store.update('a', { set: { n: 3 }, unset: [] })).toBe(false)
    await store.set('a', record(4))
    expect(await store.get('a')).toMatchObject({ n: 4 })
  })

  it('makes its directory again when it was deleted while the store ran', async () => {
    const directory = freshDirectory()
    const store = storeIn(directory)
    await store.set('a', record(1))
    await rm(directory, { recursive: true })
    await store.set('b', record(2))
    expect(await store.get('b')).toMatchObject({ n: 2 })
    expect(await readdir(directory)).toEqual([sessionFileName('b')])
  })

  // Root writes anywhere whatever the mode, so as root the store is used with the effective uid of "nobody"
  // (this test file's own worker process; the uid is given back before anything else runs).
  it.skipIf(process.platform === 'win32')('rejects with EACCES naming the directory when this process may not write it (as an unprivileged user when run as root)', async () => {
    const directory = freshDirectory()
    const store = storeIn(directory)
    await store.set('a', record(1))
    const root = process.getuid?.() === 0
    if (!root) await (await import('node:fs/promises')).chmod(directory, 0o500)
    else process.seteuid!(65534)
    let writeError: SessionStoreError
    let readError: SessionStoreError
    try {
      writeError = await expectStoreError(store.set('a', record(2)))
      readError = await expectStoreError(store.get('a'))
    } finally {
      if (root) process.seteuid!(0)
      else await (await import('node:fs/promises')).chmod(directory, 0o700)
    }
    expect(writeError).toMatchObject({ operation: 'set', code: 'EACCES' })
    expect(writeError.message).toContain(`in directory ${JSON.stringify(directory)}: EACCES: permission denied`)
    expect(writeError.message).toContain('This process may not write there: make the directory writable by the user the app runs as')
    expect(readError).toMatchObject({ operation: 'get', code: 'EACCES' })
    expect(await store.get('a')).toMatchObject({ n: 1 })
    expect((await readdir(directory)).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('fails a request with a 500 naming the directory through sessionkit/express (Express 5), and serves it again once fixed', async () => {
    const directory = freshDirectory()
    const store = storeIn(directory)
    const app = storeErrorReportingApp(store)
    const first = await request(app).get('/count')
    expect(first.text).toBe('1')
    const cookie = (first.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!
    const [file] = await readdir(directory)

    // the session file's place is taken by a directory: reads fail (EISDIR), and so does the request
    await rm(join(directory, file!))
    await mkdir(join(directory, file!))
    const failed = await request(app).get('/count').set('Cookie', cookie)
    expect(failed.status).toBe(500)
    expect(failed.body).toMatchObject({ name: 'SessionStoreError', isStoreError: true, code: 'EISDIR' })
    expect(failed.body.message).toContain(`in directory ${JSON.stringify(directory)}: EISDIR: illegal operation on a directory`)

    await rm(join(directory, file!), { recursive: true })
    const again = await request(app).get('/count').set('Cookie', cookie)
    expect(again.status).toBe(200)
    expect(again.text).toBe('1')
  })
})

describe('FsStore on a full disk (a 64 KiB tmpfs)', () => {
  const directory = join(root, 'tiny')
  let unmount: (() => void) | undefined
  let mounted = false

  beforeAll(async () => {
    await mkdir(directory)
    unmount = mountTinyTmpfs(directory, '64k')
    mounted = unmount !== undefined
  })
  afterAll(() => unmount?.())
  afterEach(async () => {
    if (mounted) for (const name of await readdir(directory)) await rm(join(directory, name), { recursive: true, force: true })
  })

  /** Fills the file system with 4 KiB files until it refuses, then frees `pages` of them. */
  async function fillLeaving(pages: number): Promise<void> {
    const fillers: string[] = []
    for (let i = 0; ; i++) {
      const filler = join(directory, `filler-${i}`)
      try {
        await writeFile(filler, Buffer.alloc(4096, 1))
        fillers.push(filler)
      } catch (error) {
        expect((error as { code?: unknown }).code).toBe('ENOSPC')
        await rm(filler, { force: true })
        break
      }
    }
    for (const filler of fillers.slice(0, pages)) await rm(filler)
  }

  it('rejects a write that does not fit with ENOSPC naming the directory, removes the partly written temporary file, and keeps the previous session', async (context) => {
    if (!mounted) return context.skip()
    const store = storeIn(directory)
    await store.set('a', record(1))
    const before = await readFile(join(directory, sessionFileName('a')), 'utf8')
    // two pages free: the 40 KB session is partly written before the disk refuses the rest
    await fillLeaving(2)

    const error = await expectStoreError(store.set('a', record(2, 'x'.repeat(40_000))))
    expect(error).toMatchObject({ name: 'SessionStoreError', operation: 'set', code: 'ENOSPC', cause: expect.objectContaining({ code: 'ENOSPC' }) })
    expect(error.message).toBe(
      `sessionkit: the file session store could not set a session in directory ${JSON.stringify(directory)}: ENOSPC: no space left on device, write. ` +
        "Nothing was written: the session's previous file, if any, is intact. The file system holding it is full (or over quota): free space there.",
    )
    const names = await readdir(directory)
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([])
    expect(await readFile(join(directory, sessionFileName('a')), 'utf8')).toBe(before)
    expect(await store.get('a')).toMatchObject({ n: 1, padding: '' })

    // a new session that does not fit leaves no file at all
    expect((await expectStoreError(store.set('b', record(1, 'y'.repeat(40_000))))).code).toBe('ENOSPC')
    expect(await readdir(directory)).toEqual(names)
    expect(await store.get('b')).toBeUndefined()
  })

  it('fails the request with a 500 through sessionkit/express, and succeeds once space is freed', async (context) => {
    if (!mounted) return context.skip()
    const store = storeIn(directory)
    const app = storeErrorReportingApp(store, (routes) =>
      routes.get('/grow', (req, res) => {
        req.session.padding = 'x'.repeat(40_000)
        res.send('grown')
      }),
    )
    await fillLeaving(2)
    const failed = await request(app).get('/grow')
    expect(failed.status).toBe(500)
    expect(failed.body).toMatchObject({ name: 'SessionStoreError', code: 'ENOSPC' })
    expect(failed.body.message).toContain(JSON.stringify(directory))
    expect((await readdir(directory)).filter((name) => !name.startsWith('filler-'))).toEqual([])

    for (const name of await readdir(directory)) await rm(join(directory, name))
    expect((await request(app).get('/grow')).status).toBe(200)
  })
})
