import { isNotFoundError } from '../core/errors.js'
import type { SessionRecord, SessionStore } from '../core/store-contract.js'

type Callback<T> = (err: unknown, value?: T | null) => void

/**
 * An express-session-style store (connect-redis, connect-pg-simple, express-session's MemoryStore, …),
 * described by the callback methods {@link fromConnectStore} calls.
 */
export interface ConnectStyleStore {
  get(sid: string, callback: Callback<unknown>): unknown
  set(sid: string, session: object, callback?: (err?: unknown) => void): unknown
  destroy(sid: string, callback?: (err?: unknown) => void): unknown
  touch?(sid: string, session: object, callback?: (err?: unknown) => void): unknown
  all?(callback: Callback<unknown>): unknown
  length?(callback: Callback<number>): unknown
  clear?(callback?: (err?: unknown) => void): unknown
}

function call<T>(start: (callback: Callback<T>) => unknown): Promise<T | null | undefined> {
  return new Promise((resolve, reject) => {
    start((err, value) => (err ? reject(err) : resolve(value)))
  })
}

/** Whether a store is connect-style (an EventEmitter with callback methods, like express-session's stores). */
export function isConnectStyleStore(store: unknown): store is ConnectStyleStore {
  const candidate = store as { on?: unknown; get?: unknown; set?: unknown; destroy?: unknown } | null | undefined
  return typeof candidate?.on === 'function' && typeof candidate.get === 'function' && typeof candidate.set === 'function' && typeof candidate.destroy === 'function'
}

// connect-redis answers all() with an array of sessions each carrying its `id`; express-session's MemoryStore and
// connect-pg-simple with an object by id. Both become the contract's object by id.
function recordsById(sessions: unknown): Record<string, SessionRecord> {
  const records: Record<string, SessionRecord> = {}
  if (Array.isArray(sessions)) {
    for (const session of sessions as Array<SessionRecord & { id?: unknown }>) {
      const { id, ...record } = session
      records[String(id)] = record
    }
  } else if (typeof sessions === 'object' && sessions !== null) {
    Object.assign(records, sessions)
  }
  return records
}

/**
 * The Promise-based {@link SessionStore} face of a connect-style store (connect-redis, connect-pg-simple, …), so
 * the storages of `sessionkit` can keep sessions in it: `get`, `set`, `destroy`, and `touch`, `all`, `length`,
 * `clear` when the store has them. Nothing else (no `load`/`update`, `ids` or per-user API), so every save
 * writes the whole session.
 *
 * The `ttl` arguments are not passed on: a connect-style store takes a session's lifetime from
 * `record.cookie.expires`. `null` from `get`, and an error with code `ENOENT`, become `undefined`.
 */
export function fromConnectStore(store: ConnectStyleStore): SessionStore {
  const adapted: SessionStore = {
    get: async (id) => {
      try {
        return ((await call<unknown>((done) => store.get(id, done))) as SessionRecord | null | undefined) ?? undefined
      } catch (err) {
        if (isNotFoundError(err)) return undefined
        throw err
      }
    },
    set: async (id, record) => void (await call((done) => store.set(id, record, done))),
    destroy: async (id) => void (await call((done) => store.destroy(id, done))),
  }
  if (typeof store.touch === 'function') {
    const touch = store.touch.bind(store)
    adapted.touch = async (id, record) => void (await call((done) => touch(id, record, done)))
  }
  if (typeof store.all === 'function') {
    const all = store.all.bind(store)
    adapted.all = async () => recordsById(await call<unknown>((done) => all(done)))
  }
  if (typeof store.length === 'function') {
    const length = store.length.bind(store)
    adapted.length = async () => (await call<number>((done) => length(done))) ?? 0
  }
  if (typeof store.clear === 'function') {
    const clear = store.clear.bind(store)
    adapted.clear = async () => void (await call((done) => clear(done)))
  }
  return adapted
}
