import type { SessionData } from '../core/session.js'
import { FsStore } from '../stores/fs/fs-store.js'
import type { FsStoreOptions } from '../stores/fs/fs-store-options.js'
import { createStoreSessionStorage, type StoreSessionStorage, type StoreSessionStorageOptions } from './store-session-storage.js'

/** Options of {@link createFsSessionStorage}. */
export interface FsSessionStorageOptions extends StoreSessionStorageOptions {
  /**
   * The file store's other settings (its prune interval, clock).
   * @default {} (expired files pruned every minute)
   */
  store?: Omit<FsStoreOptions, 'directory'>
}

/** A {@link StoreSessionStorage} over its own {@link FsStore}. */
export interface FsSessionStorage<Data extends object = SessionData, FlashData extends object = Data> extends StoreSessionStorage<Data, FlashData> {
  readonly store: FsStore
  /** Stops the file store's prune timer (it never keeps the process alive anyway). */
  close(): Promise<void>
}

/**
 * A session storage keeping one file per session under `directory` (Remix's `createFsSessionStorage`): a
 * {@link createStoreSessionStorage} over a new file store, so sessions survive a restart with no server running.
 * Unlike the memory storage it needs `secrets`: its sessions outlive the process, and so must the key of their
 * cookies.
 *
 * @example
 * const storage = createFsSessionStorage('./sessions', { secrets: [process.env.SESSION_SECRET] })
 */
export function createFsSessionStorage<Data extends object = SessionData, FlashData extends object = Data>(
  directory: string,
  options: FsSessionStorageOptions,
): FsSessionStorage<Data, FlashData> {
  const { store: storeOptions, ...storageOptions } = options ?? ({} as FsSessionStorageOptions)
  const store = new FsStore({ ...storeOptions, directory })
  try {
    const storage = createStoreSessionStorage<Data, FlashData>(store, storageOptions)
    return { ...storage, store, close: () => store.close() }
  } catch (error) {
    void store.close()
    throw error
  }
}
