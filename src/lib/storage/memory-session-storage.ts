import { randomBytes } from 'node:crypto'
import type { Secret } from '../core/cookie-signature.js'
import type { SessionData } from '../core/session.js'
import { BoundedMemoryStore, type MemoryStoreOptions } from '../stores/memory/bounded-memory-store.js'
import { createStoreSessionStorage, type StoreSessionStorage, type StoreSessionStorageOptions } from './store-session-storage.js'

/** Options of {@link createMemorySessionStorage}. */
export interface MemorySessionStorageOptions extends Omit<StoreSessionStorageOptions, 'secrets'> {
  /**
   * The secret(s) that sign the session id in the cookie (the first signs, every one verifies).
   * @default a random secret made when the storage is created: memory sessions die with the process, and so
   *   may the secret. Pass one when cookies must verify across processes, e.g. behind a load balancer whose
   *   processes each keep their own sessions and a sticky cookie.
   */
  secrets?: Secret | readonly Secret[]
  /**
   * Sizing and clock of the memory store.
   * @default {} (50000 sessions, 64 MiB, one day default ttl)
   */
  store?: MemoryStoreOptions
}

/** A {@link StoreSessionStorage} over its own {@link BoundedMemoryStore}. */
export interface MemorySessionStorage<Data extends object = SessionData, FlashData extends object = Data> extends StoreSessionStorage<Data, FlashData> {
  readonly store: BoundedMemoryStore
  /** Stops the memory store's sweep timer (it never keeps the process alive anyway). */
  close(): Promise<void>
}

/**
 * A session storage in this process's memory: a {@link createStoreSessionStorage} over a new bounded memory
 * store (least-recently-used eviction, expired sessions swept). Sessions are lost on restart and not shared
 * between processes: for tests, development and single-process apps.
 *
 * @example
 * const storage = createMemorySessionStorage()
 * const session = await storage.read(cookieValue)
 */
export function createMemorySessionStorage<Data extends object = SessionData, FlashData extends object = Data>(
  options: MemorySessionStorageOptions = {},
): MemorySessionStorage<Data, FlashData> {
  const { store: storeOptions, secrets, ...storageOptions } = options
  const store = new BoundedMemoryStore(storeOptions)
  try {
    const storage = createStoreSessionStorage<Data, FlashData>(store, { ...storageOptions, secrets: secrets ?? randomBytes(32) })
    return { ...storage, store, close: () => store.close() }
  } catch (error) {
    void store.close()
    throw error
  }
}
