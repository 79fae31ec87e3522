import assert from 'node:assert/strict'
import { afterAll, describe, expect, it } from 'vitest'
import type { SessionStorage } from '../../../src/lib/storage/session-storage.ts'
import { createCookieSessionStorage } from '../../../src/lib/storage/cookie-session-storage.ts'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createFsSessionStorage } from '../../../src/lib/storage/fs-session-storage.ts'
import { createMemorySessionStorage } from '../../../src/lib/storage/memory-session-storage.ts'
import { createStoreSessionStorage } from '../../../src/lib/storage/store-session-storage.ts'
import { BoundedMemoryStore } from '../../../src/lib/stores/memory/bounded-memory-store.ts'

// The examples of Remix's @remix-run/session README, as written there but for the imports, against every storage.
const secrets = ['readme examples secret, 32 bytes or more', 'an older secret, also 32 bytes long']
const closers: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const close of closers) await close()
})

function memoryStorage(): SessionStorage {
  const storage = createMemorySessionStorage()
  closers.push(() => storage.close())
  return storage
}
function storeStorage(): SessionStorage {
  const store = new BoundedMemoryStore()
  closers.push(() => store.close())
  return createStoreSessionStorage(store, { secrets })
}
function fsStorage(): SessionStorage {
  const directory = mkdtempSync(join(tmpdir(), 'sessionkit-readme-'))
  const storage = createFsSessionStorage(directory, { secrets })
  closers.push(async () => {
    await storage.close()
    rmSync(directory, { recursive: true, force: true })
  })
  return storage
}
function cookieStorage(): SessionStorage {
  return createCookieSessionStorage({ secrets })
}

describe.each([
  // serverSide: the storage can delete a session's data (cookie storage cannot revoke a copied cookie).
  { name: 'createMemorySessionStorage', createStorage: memoryStorage, serverSide: true },
  { name: 'createStoreSessionStorage(BoundedMemoryStore)', createStorage: storeStorage, serverSide: true },
  { name: 'createFsSessionStorage', createStorage: fsStorage, serverSide: true },
  { name: 'createCookieSessionStorage', createStorage: cookieStorage, serverSide: false },
])('README examples: $name', ({ createStorage, serverSide }) => {
  it('Usage: a counter across three requests', async () => {
    let storage = createStorage()

    async function handleRequest(cookie: string | null) {
      let session = await storage.read(cookie)
      session.set('count', Number(session.get('count') ?? 0) + 1)
      return {
        session, // The session data from this "request"
        cookie: await storage.save(session), // The cookie to use on the next request
      }
    }

    let response1 = await handleRequest(null)
    assert.equal(response1.session.get('count'), 1)

    let response2 = await handleRequest(response1.cookie)
    assert.equal(response2.session.get('count'), 2)

    let response3 = await handleRequest(response2.cookie)
    assert.equal(response3.session.get('count'), 3)
  })

  it('Flash Messages: undefined on the first and the setting request, present on the next, gone after', async () => {
    let storage = createStorage()

    async function requestIndex(cookie: string | null) {
      let session = await storage.read(cookie)
      return { session, cookie: await storage.save(session) }
    }

    async function requestSubmit(cookie: string | null) {
      let session = await storage.read(cookie)
      session.flash('message', 'success!')
      return { session, cookie: await storage.save(session) }
    }

    // Flash data is undefined on the first request
    let response1 = await requestIndex(null)
    assert.equal(response1.session.get('message'), undefined)

    // Flash data is undefined on the same request it is set. This response
    // is typically a redirect to a route that displays the flash data.
    let response2 = await requestSubmit(response1.cookie)
    assert.equal(response2.session.get('message'), undefined)

    // Flash data is available on the next request
    let response3 = await requestIndex(response2.cookie)
    assert.equal(response3.session.get('message'), 'success!')

    // Flash data is not available on subsequent requests
    let response4 = await requestIndex(response3.cookie)
    assert.equal(response4.session.get('message'), undefined)
  })

  it('Regenerating Session IDs: the data stays under a new id', async () => {
    let sessionStorage = createStorage()

    async function requestIndex(cookie: string | null) {
      let session = await sessionStorage.read(cookie)
      return { session, cookie: await sessionStorage.save(session) }
    }

    async function requestLogin(cookie: string | null) {
      let session = await sessionStorage.read(cookie)
      session.set('userId', 'mj')
      session.regenerateId()
      return { session, cookie: await sessionStorage.save(session) }
    }

    let response1 = await requestIndex(null)
    assert.equal(response1.session.get('userId'), undefined)

    let response2 = await requestLogin(response1.cookie)
    assert.notEqual(response2.session.id, response1.session.id)

    let response3 = await requestIndex(response2.cookie)
    assert.equal(response3.session.get('userId'), 'mj')
  })

  it('regenerateId(true) deletes the old session when saved (a server-side storage), keeps it otherwise', async () => {
    const storage = createStorage()
    const first = await storage.read(null)
    first.set('userId', 'mj')
    const oldCookie = await storage.save(first)

    const login = await storage.read(oldCookie)
    login.regenerateId(true)
    const newCookie = await storage.save(login)
    expect(login.id).not.toBe(first.id)
    expect((await storage.read(newCookie)).get('userId')).toBe('mj')
    expect((await storage.read(oldCookie)).get('userId')).toBe(serverSide ? undefined : 'mj')

    const kept = await storage.read(newCookie)
    kept.regenerateId()
    const keptCookie = await storage.save(kept)
    expect((await storage.read(newCookie)).get('userId')).toBe('mj')
    expect((await storage.read(keptCookie)).get('userId')).toBe('mj')
  })

  it('Destroying Sessions: destroy clears the data and the cookie; the next read starts a new session', async () => {
    const storage = createStorage()
    const session = await storage.read(null)
    session.set('userId', 'mj')
    const cookie = await storage.save(session)

    const logout = await storage.read(cookie)
    logout.destroy()
    expect(await storage.save(logout)).toBe('')

    const next = await storage.read('')
    expect(next.state).toBe('new')
    expect(next.id).not.toBe(session.id)
    expect(next.get('userId')).toBeUndefined()
    // A copy of the old cookie: gone with a server-side storage; the cookie storage cannot revoke it.
    expect((await storage.read(cookie)).get('userId')).toBe(serverSide ? undefined : 'mj')
  })
})
