import { afterEach, describe, expect, it } from 'vitest'
import { BoundedMemoryStore } from '../../../src/lib/stores/memory/bounded-memory-store.ts'
import { createMemorySessionStorage, type MemorySessionStorage } from '../../../src/lib/storage/memory-session-storage.ts'

const storages: MemorySessionStorage[] = []
function memoryStorage(...args: Parameters<typeof createMemorySessionStorage>): MemorySessionStorage {
  const storage = createMemorySessionStorage(...args)
  storages.push(storage)
  return storage
}
afterEach(async () => {
  for (const storage of storages.splice(0)) await storage.close()
})

describe('createMemorySessionStorage', () => {
  it('keeps sessions in its own BoundedMemoryStore', async () => {
    const storage = memoryStorage()
    expect(storage.store).toBeInstanceOf(BoundedMemoryStore)
    const session = await storage.read(null)
    session.set('a', 1)
    await storage.save(session)
    expect(await storage.store.get(session.id)).toEqual({ a: 1 })
  })

  it('signs with a random secret by default: its cookies verify nowhere else', async () => {
    const one = memoryStorage()
    const two = memoryStorage()
    const session = await one.read(null)
    session.set('a', 1)
    const cookie = await one.save(session)
    expect((await one.read(cookie)).get('a')).toBe(1)
    await two.store.set(session.id, { a: 1 })
    expect((await two.read(cookie)).state).toBe('new')
  })

  it('passes store options through (per-user index, sizing, clock)', async () => {
    let now = 0
    const storage = memoryStorage({ secrets: 'memory storage secret', ttl: 1000, store: { userKey: 'userId', maxSessions: 2, now: () => now } })
    const cookies: Array<string | null> = []
    for (let i = 0; i < 2; i++) {
      const session = await storage.read(null)
      session.set('userId', 'mj')
      cookies.push(await storage.save(session))
    }
    expect((await storage.store.listSessionsOfUser('mj')).length).toBe(2)
    expect(storage.store.cache.maxSessions).toBe(2)
    now += 1001
    expect((await storage.read(cookies[0] ?? null)).state).toBe('new')
  })

  it('validates its options at creation', () => {
    expect(() => createMemorySessionStorage({ ttl: -5 })).toThrow(/^sessionkit: option ttl is invalid: -5/)
    expect(() => createMemorySessionStorage({ store: { maxSessions: 0 } })).toThrow(/^sessionkit: option maxSessions is invalid: 0/)
  })
})
