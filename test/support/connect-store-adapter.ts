import type { SessionRecord, SessionStore } from '../../src/lib/core/store-contract.ts'

type Callback<T> = (err: unknown, value?: T | null) => void

/**
 * An express-session-style store (connect-redis, connect-pg-simple, express-session's MemoryStore, …),
 * described by the callback methods {@link fromConnectStore} calls.
 */
export interface ConnectStyleStore {
  get(sid: string, callback: Callback<unknown>): unknown
  set(sid: string, session: SessionRecord, callback?: (err?: unknown) => void): unknown
  destroy(sid: string, callback?: (err?: unknown) => void): unknown
  touch?(sid: string, session: SessionRecord, callback?: (err?: unknown) => void): unknown
  all?(callback: Callback<unknown>): unknown
  length?(callback: Callback<number>): unknown
  clear?(callback?: (err?: unknown) => void): unknown
}

function call<T>(start: (callback: Callback<T>) => unknown): Promise<T | null | undefined> {
  return new Promise((resolve, reject) => {
    start((err, value) => (err ? reject(err) : resolve(value)))
  })
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
 * The Promise-based {@link SessionStore} face of a connect-style store, so a third-party store can run the
 * required and recommended parts of the conformance suite: `get`, `set`, `destroy`, and `touch`, `all`,
 * `length`, `clear` when the store has them. Nothing else (no `load`/`update`, `ids` or per-user API).
 *
 * The `ttl` arguments are not passed on: a connect-style store takes a session's lifetime from
 * `record.cookie.expires` (run the suite with `capabilities: { ttlArgument: false }`). `null` from `get` becomes
 * `undefined`.
 */
export function fromConnectStore(store: ConnectStyleStore): SessionStore {
  const adapted: SessionStore = {
    get: async (id) => (await call<unknown>((done) => store.get(id, done))) as SessionRecord | undefined ?? undefined,
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
