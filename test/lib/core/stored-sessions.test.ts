import { describe, expect, it } from 'vitest'
import { SessionStoreError } from '../../../src/lib/core/errors.ts'
import { ROTATION_GRACE } from '../../../src/lib/core/session-policy.ts'
import { storeWithDeadlines } from '../../../src/lib/core/store-deadline.ts'
import type { SessionRecord, SessionStore } from '../../../src/lib/core/store-contract.ts'
import { findStoredSession, writeStoredSession, type AnsweringStore } from '../../../src/lib/core/stored-sessions.ts'
import { createMemoryStore } from '../../../src/lib/stores/memory/bounded-memory-store.ts'

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const HOUR = 3_600_000
const record = (data: Record<string, unknown>): SessionRecord => ({ ...data, cookie: { originalMaxAge: HOUR, expires: new Date(NOW + HOUR).toISOString() } })

/** The two kinds of store the engine meets: one that reads and writes partially, one with the three required methods. */
function stores(clock: { now: number }) {
  const partial = createMemoryStore({ now: () => clock.now })
  const whole = createMemoryStore({ now: () => clock.now })
  const required: SessionStore = { get: (id) => whole.get(id), set: (id, r, ttl) => whole.set(id, r, ttl), destroy: (id) => whole.destroy(id) }
  return [
    ['a store with load/update', partial],
    ['a store with get/set/destroy only', required],
  ] as const
}

describe.each(stores({ now: NOW }).map(([name]) => name))('findStoredSession and writeStoredSession on %s', (name) => {
  const setUp = () => {
    const clock = { now: NOW }
    const store = (stores(clock).find(([n]) => n === name) as readonly [string, SessionStore])[1]
    return { clock, store }
  }

  it('finds nothing under an unknown id', async () => {
    const { store } = setUp()
    expect(await findStoredSession(store, 'nobody', () => NOW)).toEqual({ kind: 'missing' })
  })

  it('finds a stored session, with its flash messages apart when the store reads partially', async () => {
    const { store } = setUp()
    await writeStoredSession(store, { kind: 'set', id: 'a', record: { ...record({ user: 'mj' }), flash: { info: ['Saved'] } } }, HOUR, NOW)
    const found = await findStoredSession(store, 'a', () => NOW)
    expect(found).toMatchObject({ kind: 'found', id: 'a', forwarded: false, record: { user: 'mj' } })
    if (found.kind !== 'found') throw new Error('not found')
    if (typeof store.load === 'function') {
      expect(found.flash).toEqual([expect.objectContaining({ type: 'info', message: 'Saved' })])
      expect(found.record.flash).toBeUndefined()
    } else {
      expect(found.flash).toBeUndefined()
      expect(found.record.flash).toEqual({ info: ['Saved'] })
    }
  })

  it('writes a new id before deleting the old one, and keeps the old one when that write fails', async () => {
    const { store } = setUp()
    await writeStoredSession(store, { kind: 'set', id: 'old', record: record({ user: 'mj' }) }, HOUR, NOW)
    const failing: SessionStore = { ...store, get: (id) => store.get(id), destroy: (id) => store.destroy(id), set: () => Promise.reject(new Error('disk full')) }
    await expect(writeStoredSession(failing, { kind: 'set', id: 'new', record: record({ user: 'mj' }), deleteId: 'old' }, HOUR, NOW)).rejects.toThrow('disk full')
    expect(await findStoredSession(store, 'old', () => NOW)).toMatchObject({ kind: 'found', id: 'old' })

    await writeStoredSession(store, { kind: 'set', id: 'new', record: record({ user: 'mj' }), deleteId: 'old' }, HOUR, NOW)
    expect(await findStoredSession(store, 'old', () => NOW)).toEqual({ kind: 'missing' })
    expect(await findStoredSession(store, 'new', () => NOW)).toMatchObject({ kind: 'found', record: { user: 'mj' } })
  })

  it('leads a rotated-away id to the session under its new id for the grace period, and nowhere after', async () => {
    const { clock, store } = setUp()
    await writeStoredSession(store, { kind: 'set', id: 'old', record: record({ user: 'mj' }) }, HOUR, NOW)
    await writeStoredSession(store, { kind: 'set', id: 'new', record: record({ user: 'mj', cart: 2 }), forwardFrom: 'old' }, HOUR, NOW)
    expect(await findStoredSession(store, 'old', () => NOW + 1000)).toMatchObject({ kind: 'found', id: 'new', forwarded: true, record: { cart: 2 } })
    clock.now = NOW + ROTATION_GRACE - 1
    expect(await findStoredSession(store, 'old', () => clock.now)).toMatchObject({ kind: 'found', id: 'new', forwarded: true })
    expect(await findStoredSession(store, 'old', () => NOW + ROTATION_GRACE)).toEqual({ kind: 'missing' })
  })

  it('follows one hop only: a pointer to a pointer is no session', async () => {
    const { store } = setUp()
    // 'a' points to 'b', which was rotated away in turn and points to 'c'.
    await writeStoredSession(store, { kind: 'set', id: 'b', record: record({ user: 'mj' }), forwardFrom: 'a' }, HOUR, NOW)
    await writeStoredSession(store, { kind: 'set', id: 'c', record: record({ user: 'mj' }), forwardFrom: 'b' }, HOUR, NOW)
    expect(await findStoredSession(store, 'b', () => NOW)).toMatchObject({ kind: 'found', id: 'c' })
    expect(await findStoredSession(store, 'a', () => NOW)).toEqual({ kind: 'missing' })
  })
})

describe('findStoredSession on corrupt data', () => {
  it.each([
    ['a string', 'garbage'],
    ['an array', [1, 2]],
    ['a number', 42],
  ])('calls %s under a session id corrupt, not a session', async (_name, value) => {
    const store: SessionStore = { get: async () => value as unknown as SessionRecord, set: async () => {}, destroy: async () => {} }
    expect(await findStoredSession(store, 'x', () => NOW)).toEqual({ kind: 'corrupt' })
  })

  it('calls a load without a flash list corrupt', async () => {
    const store: SessionStore = {
      get: async () => undefined,
      set: async () => {},
      destroy: async () => {},
      load: async () => ({ record: { user: 'mj' } }) as never,
      update: async () => true,
    }
    expect(await findStoredSession(store, 'x', () => NOW)).toEqual({ kind: 'corrupt' })
  })
})

describe('writeStoredSession with update', () => {
  it('writes only the change, and reports a session gone meanwhile without recreating it', async () => {
    const store = createMemoryStore({ now: () => NOW })
    await writeStoredSession(store, { kind: 'set', id: 'a', record: record({ user: 'mj', cart: 1 }) }, HOUR, NOW)
    expect(await writeStoredSession(store, { kind: 'update', id: 'a', change: { set: { cart: 2 }, unset: [] } }, HOUR, NOW)).toBe(true)
    expect(await store.get('a')).toMatchObject({ user: 'mj', cart: 2 })
    await store.destroy('a')
    expect(await writeStoredSession(store, { kind: 'update', id: 'a', change: { set: { cart: 3 }, unset: [] } }, HOUR, NOW)).toBe(false)
    expect(await store.get('a')).toBeUndefined()
  })

  it('refuses a partial write to a store that cannot update', async () => {
    const store: SessionStore = { get: async () => undefined, set: async () => {}, destroy: async () => {} }
    await expect(writeStoredSession(store, { kind: 'update', id: 'a', change: { set: {}, unset: [] } }, HOUR, NOW)).rejects.toThrow(TypeError)
  })
})

describe('storeWithDeadlines', () => {
  it('fails a call the store does not answer in time with a SessionStoreError naming the operation', async () => {
    const hung: SessionStore = { get: () => new Promise(() => {}), set: async () => {}, destroy: async () => {} }
    const error = await storeWithDeadlines(hung, 20).get('a').catch((err: unknown) => err)
    expect(error).toBeInstanceOf(SessionStoreError)
    expect(error).toMatchObject({ operation: 'get' })
  })

  it('offers load and update only together, and touch only when the store has it', () => {
    const base = { get: async () => undefined, set: async () => {}, destroy: async () => {} }
    expect(Object.keys(storeWithDeadlines(base, 1000)).sort()).toEqual(['destroy', 'get', 'set'])
    expect(Object.keys(storeWithDeadlines({ ...base, load: async () => undefined }, 1000)).sort()).toEqual(['destroy', 'get', 'set'])
    expect(Object.keys(storeWithDeadlines({ ...base, load: async () => undefined, update: async () => true, touch: async () => {} }, 1000)).sort()).toEqual([
      'destroy',
      'get',
      'load',
      'set',
      'touch',
      'update',
    ])
  })

  it('looks the method up on the store at every call', async () => {
    const store: SessionStore = { get: async () => undefined, set: async () => {}, destroy: async () => {} }
    const bounded = storeWithDeadlines(store, 1000)
    store.get = async () => record({ replaced: true })
    expect(await bounded.get('a')).toMatchObject({ replaced: true })
  })
})

describe('a store that answers at once', () => {
  // Plain values, no Promises: what the express face makes of a callback store that calls back at once.
  function answeringAtOnce() {
    const records = new Map<string, SessionRecord>()
    const store: AnsweringStore = {
      get: (id) => records.get(id),
      set: (id, r) => void records.set(id, r),
      destroy: (id) => void records.delete(id),
    }
    return { store, records }
  }

  it('is answered at once, through a rotation and its forwarding too', () => {
    const { store, records } = answeringAtOnce()
    expect(writeStoredSession(store, { kind: 'set', id: 'old', record: record({ user: 'mj' }) }, HOUR, NOW)).toBe(true)
    expect(writeStoredSession(store, { kind: 'set', id: 'new', record: record({ user: 'mj', cart: 2 }), forwardFrom: 'old' }, HOUR, NOW)).toBe(true)
    expect(findStoredSession(store, 'old', () => NOW + 1000)).toMatchObject({ kind: 'found', id: 'new', forwarded: true, record: { cart: 2 } })
    expect(writeStoredSession(store, { kind: 'set', id: 'newer', record: record({ user: 'mj' }), deleteId: 'new' }, HOUR, NOW)).toBe(true)
    expect(records.has('new')).toBe(false)
    expect(findStoredSession(store, 'nobody', () => NOW)).toEqual({ kind: 'missing' })
  })

  it('keeps the order of writes: a failed write of the new id leaves the old one', async () => {
    const { store, records } = answeringAtOnce()
    store.set('old', record({ user: 'mj' }))
    const failing: AnsweringStore = { ...store, set: () => Promise.reject(new Error('disk full')) }
    await expect(writeStoredSession(failing, { kind: 'set', id: 'new', record: record({ user: 'mj' }), deleteId: 'old' }, HOUR, NOW)).rejects.toThrow('disk full')
    expect(records.has('old')).toBe(true)
  })
})
