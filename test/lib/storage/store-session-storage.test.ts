import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { signValue } from '../../../src/lib/core/cookie-signature.ts'
import { SessionStoreError } from '../../../src/lib/core/errors.ts'
import type { SessionStore } from '../../../src/lib/core/store-contract.ts'
import { createStoreSessionStorage, type StoreSessionStorageOptions } from '../../../src/lib/storage/store-session-storage.ts'
import { BoundedMemoryStore } from '../../../src/lib/stores/memory/bounded-memory-store.ts'

const secret = 'store session storage test secret'
let now = Date.parse('2026-01-01T00:00:00Z')
const stores: BoundedMemoryStore[] = []
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
})

function memoryStore(options: ConstructorParameters<typeof BoundedMemoryStore>[0] = {}): BoundedMemoryStore {
  const store = new BoundedMemoryStore({ now: () => now, ...options })
  stores.push(store)
  return store
}

/** The required three methods and touch of a real store: a store without load/update. */
function basicStore(inner: BoundedMemoryStore): SessionStore {
  return {
    get: (id) => inner.get(id),
    set: (id, record, ttl) => inner.set(id, record, ttl),
    destroy: (id) => inner.destroy(id),
    touch: (id, record, ttl) => inner.touch(id, record, ttl),
  }
}

/** Every method of a store, spied: the calls are the store round trips. */
function spyOnStore(store: SessionStore) {
  const methods = ['get', 'set', 'destroy', 'touch', 'load', 'update'] as const
  for (const method of methods) if (store[method]) vi.spyOn(store, method)
  return {
    /** The methods called, in call order. */
    calls: () =>
      methods
        .flatMap((method) => (store[method] ? vi.mocked(store[method]).mock.invocationCallOrder.map((order) => [order, method] as const) : []))
        .sort(([a], [b]) => a - b)
        .map(([, method]) => method),
    reset: () => vi.clearAllMocks(),
  }
}

function storage(store: SessionStore, options: Partial<StoreSessionStorageOptions> = {}) {
  return createStoreSessionStorage(store, { secrets: secret, ...options })
}

async function storedSession(store: SessionStore, data: Record<string, unknown>, options: Partial<StoreSessionStorageOptions> = {}): Promise<string> {
  const s = storage(store, options)
  const session = await s.read(null)
  for (const [key, value] of Object.entries(data)) session.set(key, value)
  return (await s.save(session)) as string
}

describe('createStoreSessionStorage: partial saves on a store with load/update', () => {
  it('reads with one load, and writes only the changed keys with one update', async () => {
    const store = memoryStore()
    const cookie = await storedSession(store, { count: 1, name: 'mj', drop: true })
    const spies = spyOnStore(store)
    const s = storage(store)

    const session = await s.read(cookie)
    expect(spies.calls()).toEqual(['load'])
    session.set('count', 2)
    session.unset('drop')
    expect(await s.save(session)).toBe(cookie)
    expect(spies.calls()).toEqual(['load', 'update'])
    expect(store.update).toHaveBeenCalledWith(session.id, { set: { count: 2 }, unset: ['drop'] }, undefined)
    expect(await store.get(session.id)).toEqual({ count: 2, name: 'mj' })
  })

  it('an unchanged session costs no write and sends no cookie', async () => {
    const store = memoryStore()
    const cookie = await storedSession(store, { count: 1 })
    const spies = spyOnStore(store)
    const s = storage(store)
    const session = await s.read(cookie)
    expect(await s.save(session)).toBeNull()
    expect(spies.calls()).toEqual(['load'])
  })

  it('a new session is written whole with one set, and not at all when nothing was stored in it', async () => {
    const store = memoryStore()
    const spies = spyOnStore(store)
    const s = storage(store, { ttl: 60_000 })
    const untouched = await s.read(null)
    expect(await s.save(untouched)).toBeNull()
    expect(spies.calls()).toEqual([])

    const session = await s.read(null)
    session.set('a', 1)
    session.flash('notice', 'hello')
    const cookie = await s.save(session)
    expect(cookie).toBe(signValue(session.id, secret))
    expect(spies.calls()).toEqual(['set'])
    expect(store.set).toHaveBeenCalledWith(
      session.id,
      { a: 1, cookie: { originalMaxAge: 60_000, expires: expect.any(String) }, flash: { notice: ['hello'] } },
      60_000,
    )
  })

  it('flash values: flashAdd for the ones flashed now, flashRemove by id for the ones read', async () => {
    const store = memoryStore()
    const s = storage(store)
    const first = await s.read(null)
    first.flash('notice', 'saved')
    const cookie = await s.save(first)

    const spies = spyOnStore(store)
    const second = await s.read(cookie)
    expect(second.get('notice')).toBe('saved')
    expect(second.state).toBe('dirty')
    second.flash('error', 'again')
    await s.save(second)
    expect(spies.calls()).toEqual(['load', 'update'])
    const [, change] = vi.mocked(store.update).mock.calls[0] ?? []
    expect(change).toEqual({ set: {}, unset: [], flashAdd: [{ type: 'error', message: 'again' }], flashRemove: [expect.any(String)] })
    expect((await store.load(first.id))?.flash.map(({ type, message }) => [type, message])).toEqual([['error', 'again']])
  })

  it('two requests that change different keys at once both persist', async () => {
    const store = memoryStore()
    const cookie = await storedSession(store, { a: 0, b: 0 })
    const s = storage(store)
    const [one, two] = await Promise.all([s.read(cookie), s.read(cookie)])
    one.set('a', 1)
    two.set('b', 2)
    await Promise.all([s.save(one), s.save(two)])
    expect(await store.get(one.id)).toEqual({ a: 1, b: 2 })
  })

  it('flash values of many parallel requests all persist', async () => {
    const store = memoryStore()
    const cookie = await storedSession(store, { a: 0 })
    const s = storage(store)
    const sessions = await Promise.all(Array.from({ length: 10 }, () => s.read(cookie)))
    sessions.forEach((session, index) => session.flash(`m${index}`, index))
    await Promise.all(sessions.map((session) => s.save(session)))
    const next = await s.read(cookie)
    expect(Array.from({ length: 10 }, (_, index) => next.get(`m${index}`))).toEqual(Array.from({ length: 10 }, (_, index) => index))
  })

  it('a session destroyed meanwhile is not recreated: save clears the cookie and the session reads destroyed', async () => {
    const store = memoryStore()
    const cookie = await storedSession(store, { a: 1 })
    const s = storage(store)
    const session = await s.read(cookie)
    await store.destroy(session.id)
    session.set('a', 2)
    expect(await s.save(session)).toBe('')
    expect(session.state).toBe('destroyed')
    expect(await store.length()).toBe(0)
  })

  it('regenerateId(true): the data is set under the new id first, then the old id is destroyed', async () => {
    const store = memoryStore()
    const cookie = await storedSession(store, { a: 1 })
    const spies = spyOnStore(store)
    const s = storage(store)
    const session = await s.read(cookie)
    const oldId = session.id
    session.regenerateId(true)
    expect(await s.save(session)).toBe(signValue(session.id, secret))
    expect(spies.calls()).toEqual(['load', 'set', 'destroy'])
    expect(store.destroy).toHaveBeenCalledWith(oldId)
    expect(await store.ids()).toEqual([session.id])
  })

  it('destroy: one destroy of the stored id, and the cookie value to clear', async () => {
    const store = memoryStore()
    const cookie = await storedSession(store, { a: 1 })
    const spies = spyOnStore(store)
    const s = storage(store)
    const session = await s.read(cookie)
    session.destroy()
    expect(await s.save(session)).toBe('')
    expect(spies.calls()).toEqual(['load', 'destroy'])
    expect(await store.length()).toBe(0)
  })

  it('the ttl option is the lifetime written and the one reads slide by', async () => {
    const store = memoryStore()
    const s = storage(store, { ttl: 1000 })
    const session = await s.read(null)
    session.set('a', 1)
    const cookie = await s.save(session)
    now += 900
    expect((await s.read(cookie)).get('a')).toBe(1)
    now += 900
    expect((await s.read(cookie)).get('a')).toBe(1)
    now += 1001
    const expired = await s.read(cookie)
    expect(expired.state).toBe('new')
    expect(expired.id).not.toBe(session.id)
  })
})

describe('createStoreSessionStorage: a store with only get/set/destroy/touch', () => {
  it('reads with get, writes the whole record with set, touches an unchanged session', async () => {
    const inner = memoryStore()
    const store = basicStore(inner)
    const cookie = await storedSession(store, { a: 1, b: 2 })
    const spies = spyOnStore(store)
    const s = storage(store, { ttl: 5000 })

    const session = await s.read(cookie)
    session.set('a', 10)
    await s.save(session)
    expect(spies.calls()).toEqual(['get', 'set'])
    expect(store.set).toHaveBeenCalledWith(session.id, { a: 10, b: 2, cookie: { originalMaxAge: 5000, expires: expect.any(String) } }, 5000)

    spies.reset()
    expect(await s.save(await s.read(cookie))).toBeNull()
    expect(spies.calls()).toEqual(['get', 'touch'])
  })

  it('flash values round-trip through the record (connect-flash shape) and are gone after the next save', async () => {
    const store = basicStore(memoryStore())
    const s = storage(store)
    const first = await s.read(null)
    first.flash('notice', 'hi')
    const cookie = await s.save(first)
    expect(await store.get(first.id)).toEqual({ flash: { notice: ['hi'] } })
    const second = await s.read(cookie)
    expect(second.get('notice')).toBe('hi')
    await s.save(second)
    expect(await store.get(first.id)).toEqual({})
    expect((await s.read(cookie)).get('notice')).toBeUndefined()
  })
})

describe('createStoreSessionStorage: untrusted cookies', () => {
  it.each([
    ['garbage', 'not a cookie'],
    ['an unsigned id', 'abcdefghijklmnopqrstuvwxyz012345'],
    ['a wrong signature', signValue('abcdefghijklmnopqrstuvwxyz012345', 'another secret')],
    ['a huge value', 'x'.repeat(100_000)],
    ['an empty string', ''],
  ])('%s reads as a new session with a fresh id, without a store call', async (_name, cookie) => {
    const store = memoryStore()
    const spies = spyOnStore(store)
    const session = await storage(store).read(cookie)
    expect(session.state).toBe('new')
    expect(spies.calls()).toEqual([])
  })

  it('a validly signed but unknown id is not adopted (session fixation)', async () => {
    const store = memoryStore()
    const planted = signValue('planted-id-planted-id-planted-id', secret)
    const session = await storage(store).read(planted)
    expect(session.state).toBe('new')
    expect(session.id).not.toBe('planted-id-planted-id-planted-id')
  })

  it('random strings and altered signed cookies never throw and never reach the store', async () => {
    const store = memoryStore()
    const spies = spyOnStore(store)
    const s = storage(store)
    const cookie = await storedSession(memoryStore(), { a: 1 })
    const altered = fc.tuple(fc.nat(cookie.length - 1), fc.nat(6)).map(([at, bit]) => cookie.slice(0, at) + String.fromCharCode(cookie.charCodeAt(at) ^ (1 << bit)) + cookie.slice(at + 1))
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), altered), async (value) => {
        expect((await s.read(value)).state).toBe('new')
      }),
    )
    expect(spies.calls()).toEqual([])
  })

  it.each([
    ['get returning a string', { get: async () => 'corrupt' }],
    ['get returning an array', { get: async () => [1, 2] }],
    ['load returning no record', { load: async () => ({ flash: [] }), update: async (): Promise<boolean> => true }],
    ['load returning flash that is not a list', { load: async () => ({ record: {}, flash: 'x' }), update: async (): Promise<boolean> => true }],
  ])('a store answer that is not a session (%s) reads as a new session', async (_name, methods) => {
    const store = { get: async () => undefined, set: async () => {}, destroy: async () => {}, ...methods } as unknown as SessionStore
    const session = await storage(store).read(signValue('some-id', secret))
    expect(session.state).toBe('new')
    expect(session.id).not.toBe('some-id')
  })
})

describe('createStoreSessionStorage: secret rotation', () => {
  it('verifies a cookie signed by an older secret and re-signs it with the first on the next save', async () => {
    const store = memoryStore()
    const cookie = await storedSession(store, { a: 1 }, { secrets: 'old secret' })
    const s = storage(store, { secrets: ['new secret', 'old secret'] })
    const session = await s.read(cookie)
    expect(session.get('a')).toBe(1)
    expect(await s.save(session)).toBe(signValue(session.id, 'new secret'))
    expect(await s.save(session)).toBeNull()
    expect((await storage(store, { secrets: 'new secret' }).read(signValue(session.id, 'new secret'))).get('a')).toBe(1)
  })

  it('accepts Buffer secrets', async () => {
    const store = memoryStore()
    const cookie = await storedSession(store, { a: 1 }, { secrets: [Buffer.from('buffer secret')] })
    expect((await storage(store, { secrets: Buffer.from('buffer secret') }).read(cookie)).get('a')).toBe(1)
  })
})

describe('createStoreSessionStorage: store failures', () => {
  const failure = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' })
  const failing: SessionStore = {
    get: async () => Promise.reject(failure),
    set: async () => Promise.reject(failure),
    destroy: async () => Promise.reject(failure),
    load: async () => Promise.reject(failure),
    update: async () => Promise.reject(failure),
  }

  async function expectStoreError(promise: Promise<unknown>, operation: string): Promise<void> {
    const error = await promise.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SessionStoreError)
    expect(error).toMatchObject({ operation, code: 'ECONNREFUSED', cause: failure })
    expect((error as Error).message).toMatch(/^sessionkit: the session store failed to .+: connect ECONNREFUSED/)
  }

  it('a failing load rejects with SessionStoreError keeping the cause and its code', async () => {
    await expectStoreError(storage(failing).read(signValue('some-id', secret)), 'load')
  })

  it('a failing get rejects with SessionStoreError (stores without load)', async () => {
    await expectStoreError(storage({ ...failing, load: undefined, update: undefined }).read(signValue('some-id', secret)), 'get')
  })

  it('a failing set rejects with SessionStoreError', async () => {
    const session = await storage(failing).read(null)
    session.set('a', 1)
    await expectStoreError(storage(failing).save(session), 'set')
  })

  it('a failing destroy rejects with SessionStoreError', async () => {
    const store = memoryStore()
    const session = await storage(store).read(await storedSession(store, { a: 1 }))
    session.destroy()
    await expectStoreError(storage(failing).save(session), 'destroy')
  })

  it('a failing update rejects with SessionStoreError', async () => {
    const store = memoryStore()
    const cookie = await storedSession(store, { a: 1 })
    const session = await storage(store).read(cookie)
    session.set('a', 2)
    await expect(storage(failing).save(session)).rejects.toMatchObject({ name: 'SessionStoreError', operation: 'update' })
  })

  it('a store that never answers fails read and save within storeTimeout', async () => {
    vi.useFakeTimers()
    const hung: SessionStore = { get: () => new Promise(() => {}), set: () => new Promise(() => {}), destroy: () => new Promise(() => {}) }
    const read = storage(hung, { storeTimeout: 50 }).read(signValue('some-id', secret)).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(50)
    expect(await read).toMatchObject({ name: 'SessionStoreError', operation: 'get', code: 'SESSIONKIT_STORE_TIMEOUT' })
    const session = await storage(hung).read(null)
    session.set('a', 1)
    const save = storage(hung, { storeTimeout: 50 }).save(session).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(50)
    expect(await save).toMatchObject({ name: 'SessionStoreError', operation: 'set', code: 'SESSIONKIT_STORE_TIMEOUT' })
    vi.useRealTimers()
  })

  it.each([0, -1, Number.NaN, '10'])('rejects storeTimeout %s at creation', (storeTimeout) => {
    expect(() => storage(memoryStore(), { storeTimeout: storeTimeout as number })).toThrow(/^sessionkit: option storeTimeout is invalid/)
  })
})

describe('createStoreSessionStorage: options', () => {
  const store = { get: async () => undefined, set: async () => {}, destroy: async () => {} }
  it.each([
    ['no secrets', { secrets: undefined }, /^sessionkit: option secrets is missing/],
    ['an empty list of secrets', { secrets: [] }, /^sessionkit: option secrets is missing \(an empty array\)/],
    ['an empty secret', { secrets: '' }, /^sessionkit: option secrets is invalid: a secret of 0 bytes/],
    ['a secret of the wrong type', { secrets: [42] }, /^sessionkit: option secrets is invalid: 42/],
    ['a bad cookie name', { secrets: 's', cookieName: 'my session' }, /^sessionkit: option cookieName is invalid: "my session"/],
    ['a negative ttl', { secrets: 's', ttl: -1 }, /^sessionkit: option ttl is invalid: -1/],
    ['a fractional ttl', { secrets: 's', ttl: 1.5 }, /^sessionkit: option ttl is invalid: 1.5/],
  ])('%s throws a sessionkit: TypeError at creation', (_name, options, message) => {
    expect(() => createStoreSessionStorage(store, options as unknown as StoreSessionStorageOptions)).toThrow(message)
    expect(() => createStoreSessionStorage(store, options as unknown as StoreSessionStorageOptions)).toThrow(TypeError)
  })

  it.each([
    ['undefined', undefined],
    ['an object without methods', {}],
    ['a connect-style store missing destroy', { get() {}, set() {} }],
  ])('a store that is %s throws a sessionkit: TypeError', (_name, candidate) => {
    expect(() => createStoreSessionStorage(candidate as unknown as SessionStore, { secrets: 's' })).toThrow(/^sessionkit: createStoreSessionStorage\(store, options\) needs a sessionkit store/)
  })

  it('exposes the cookie name, ttl and store', () => {
    const s = createStoreSessionStorage(store, { secrets: 's', cookieName: '__Host-sid', ttl: 1000 })
    expect(s).toMatchObject({ cookieName: '__Host-sid', ttl: 1000, store })
    expect(createStoreSessionStorage(store, { secrets: 's' })).toMatchObject({ cookieName: '__session', ttl: undefined })
  })
})
