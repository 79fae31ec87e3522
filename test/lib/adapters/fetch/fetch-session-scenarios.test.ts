import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFetchSessions, type FetchSessions } from '../../../../src/lib/adapters/fetch/fetch-sessions.ts'
import { createCookieSessionStorage } from '../../../../src/lib/storage/cookie-session-storage.ts'
import { createFsSessionStorage } from '../../../../src/lib/storage/fs-session-storage.ts'
import { createMemorySessionStorage } from '../../../../src/lib/storage/memory-session-storage.ts'
import type { SessionStorage } from '../../../../src/lib/storage/session-storage.ts'
import { createStoreSessionStorage } from '../../../../src/lib/storage/store-session-storage.ts'
import { BoundedMemoryStore } from '../../../../src/lib/stores/memory/bounded-memory-store.ts'
import { CookieJar, transports, type AppData, type AppFlash, type Send } from './fetch-test-app.ts'

// Remix's README scenarios (counter, flash, regenerated id, destroy) as real requests, on every storage and transport.
const secrets = ['fetch face scenarios secret, 32 bytes or more']

interface StorageCase {
  name: string
  create(): { storage: SessionStorage<AppData, AppFlash>; close(): Promise<void> }
}
const storages: StorageCase[] = [
  {
    name: 'createMemorySessionStorage',
    create() {
      const storage = createMemorySessionStorage<AppData, AppFlash>()
      return { storage, close: () => storage.close() }
    },
  },
  {
    name: 'createStoreSessionStorage(BoundedMemoryStore)',
    create() {
      const store = new BoundedMemoryStore()
      return { storage: createStoreSessionStorage<AppData, AppFlash>(store, { secrets }), close: () => store.close() }
    },
  },
  {
    name: 'createFsSessionStorage',
    create() {
      const directory = mkdtempSync(join(tmpdir(), 'sessionkit-fetch-scenarios-'))
      const storage = createFsSessionStorage<AppData, AppFlash>(directory, { secrets })
      return {
        storage,
        async close() {
          await storage.close()
          rmSync(directory, { recursive: true, force: true })
        },
      }
    },
  },
  {
    name: 'createCookieSessionStorage',
    create: () => ({ storage: createCookieSessionStorage<AppData, AppFlash>({ secrets }), close: async () => {} }),
  },
]

const bodyOf = async (response: Response) => (await response.json()) as { views: number; user: string | null; message: string | null }

describe.each(storages)('$name', (storageCase) => {
  describe.each(transports)('through $name', (transport) => {
    let send: Send
    let cookieName: string
    let ttl: number | undefined
    const closers: Array<() => Promise<void>> = []
    beforeAll(async () => {
      const { storage, close } = storageCase.create()
      const sessions: FetchSessions<AppData, AppFlash> = createFetchSessions({ storage })
      cookieName = storage.cookieName
      ttl = storage.ttl
      const started = await transport.start(sessions)
      send = started.send
      closers.push(started.close, close)
    })
    afterAll(async () => {
      for (const close of closers) await close()
    })

    it('counts across three requests with the cookie it sets', async () => {
      const browser = new CookieJar(send)
      expect((await bodyOf(await browser.request('/'))).views).toBe(1)
      expect(browser.cookies.has(cookieName)).toBe(true)
      expect((await bodyOf(await browser.request('/'))).views).toBe(2)
      expect((await bodyOf(await browser.request('/'))).views).toBe(3)
      // maxAge defaults to the storage's ttl; storages deferring to their store's ttl get a browser-session cookie.
      const lifetime = ttl === undefined ? '' : `; Max-Age=${ttl / 1000}`
      const expires = ttl === undefined ? '' : '; Expires=[^;]+'
      expect(browser.received[0]).toMatch(new RegExp(`^${cookieName}=[^;]+${lifetime}; Path=/${expires}; HttpOnly; SameSite=Lax$`))
    })

    it('login gives a new cookie value (regenerated id) through an immutable Response.redirect, and the flash shows once', async () => {
      const browser = new CookieJar(send)
      await browser.request('/')
      const before = browser.cookies.get(cookieName)
      const redirect = await browser.request('/login', { method: 'POST' })
      expect(redirect.status).toBe(303)
      expect(redirect.headers.get('location')).toMatch(/\/$/)
      const after = browser.cookies.get(cookieName)
      expect(after).toBeDefined()
      expect(after).not.toBe(before)
      const shown = await bodyOf(await browser.request('/'))
      expect(shown).toEqual({ views: 2, user: 'alice', message: 'welcome, alice' })
      expect((await bodyOf(await browser.request('/'))).message).toBeNull()
    })

    it('logout expires the cookie, and the next request is a new session', async () => {
      const browser = new CookieJar(send)
      await browser.request('/login', { method: 'POST' })
      const loggedIn = browser.cookies.get(cookieName) as string
      const response = await browser.request('/logout', { method: 'POST' })
      expect(response.headers.getSetCookie()).toEqual([`${cookieName}=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax`])
      expect(browser.cookies.has(cookieName)).toBe(false)
      expect(await bodyOf(await browser.request('/'))).toEqual({ views: 1, user: null, message: null })
      // The cookie storage cannot revoke a copied cookie; server-side storages can.
      const replayed = await bodyOf(await send('/', { headers: { cookie: `${cookieName}=${loggedIn}` } }))
      expect(replayed.user).toBe(storageCase.name === 'createCookieSessionStorage' ? 'alice' : null)
    })

    it('a tampered cookie reads as a new session (no error)', async () => {
      const browser = new CookieJar(send)
      await browser.request('/login', { method: 'POST' })
      const value = browser.cookies.get(cookieName) as string
      const tampered = value.slice(0, -2) + (value.endsWith('AA') ? 'BB' : 'AA')
      const response = await send('/', { headers: { cookie: `${cookieName}=${tampered}` } })
      expect(response.status).toBe(200)
      expect(await bodyOf(response)).toEqual({ views: 1, user: null, message: null })
    })

    it('a route that never reads the session sends no cookie', async () => {
      const browser = new CookieJar(send)
      await browser.request('/')
      const response = await browser.request('/static')
      expect(await response.text()).toBe('no session here')
      expect(response.headers.getSetCookie()).toEqual([])
    })

    it('a failing handler answers 500 and saves nothing', async () => {
      const response = await send('/fail')
      expect(response.status).toBe(500)
      expect(response.headers.getSetCookie()).toEqual([])
    })
  })
})
