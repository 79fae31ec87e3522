import type { SessionStore } from '../../src/index.ts'
import { isConnectStyleStore, type ConnectStyleStore } from '../../src/lib/storage/connect-style-store.ts'

/** A store the session-policy scenarios run on: a sessionkit store, or an express-session one (connect-redis, …). */
export type AnyStore = SessionStore | ConnectStyleStore

/** A store built for one describe block, and how to tidy up after it. */
export interface PolicyStore {
  store: AnyStore
  cleanup(): Promise<void>
}

/** Builds a fresh store (its own key prefix, table or directory). */
export type CreatePolicyStore = () => Promise<PolicyStore>

/** The record stored under `id`, read through the store's own API (`undefined` when there is none). */
export async function storedRecordOf(store: AnyStore, id: string): Promise<Record<string, unknown> | undefined> {
  if (isConnectStyleStore(store)) {
    const record = await new Promise<unknown>((resolve, reject) => store.get(id, (err, value) => (err ? reject(err) : resolve(value))))
    return (record ?? undefined) as Record<string, unknown> | undefined
  }
  return (await store.get(id)) ?? undefined
}

/** The policies' metadata in the record stored under `id` (the fields sessionkit keeps in its `cookie`). */
export async function storedMetadataOf(store: AnyStore, id: string): Promise<{ createdAt?: unknown; lastSeenAt?: unknown; userAgent?: unknown } | undefined> {
  const record = await storedRecordOf(store, id)
  if (record === undefined) return undefined
  const cookie = (record.cookie ?? {}) as Record<string, unknown>
  return { createdAt: cookie.createdAt, lastSeenAt: cookie.lastSeenAt, userAgent: cookie.userAgent }
}

// The methods that write, under the store contract's names: a connect-style store's updateSession is an `update`.
const WRITE_METHODS: Record<string, string> = { set: 'set', update: 'update', updateSession: 'update', touch: 'touch', destroy: 'destroy' }

/**
 * Records every write the faces make to `store`, by contract name, in the returned (live) array. A sessionkit
 * store's methods are wrapped on the instance (the faces look them up on every call). A connect-style store's
 * are wrapped one level up its prototype chain: an own `get`/`set`/`touch` would (rightly) make the express face
 * give up partial writes on it, and views made with `Object.create(store)` afterwards are counted too.
 */
export function recordStoreWrites(store: AnyStore): string[] {
  const writes: string[] = []
  const connectStyle = isConnectStyleStore(store)
  const target = (connectStyle ? Object.getPrototypeOf(store) : store) as Record<string, unknown>
  const counted = (connectStyle ? Object.create(target) : store) as Record<string, unknown>
  for (const [method, name] of Object.entries(WRITE_METHODS)) {
    const original = target[method]
    if (typeof original !== 'function') continue
    const wrapper = function (this: unknown, ...args: unknown[]): unknown {
      writes.push(name)
      return (original as (...args: unknown[]) => unknown).apply(this, args)
    }
    Object.defineProperty(counted, method, { value: wrapper, writable: true, configurable: true })
  }
  if (connectStyle) Object.setPrototypeOf(store, counted)
  return writes
}

/**
 * A store for one more middleware over the same sessions. The express face, like express-session, sets
 * `store.generate` on the connect-style store it is given, so two middlewares sharing one instance would make
 * each other's new sessions; a view (`Object.create(store)`) keeps its own `generate` and shares the data.
 * A sessionkit store needs none: each middleware wraps it in a bridge of its own.
 */
export function storeForAnotherMiddleware(store: AnyStore): AnyStore {
  return isConnectStyleStore(store) ? (Object.create(store) as ConnectStyleStore) : store
}
