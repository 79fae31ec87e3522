import type { LoadedSession, SessionChange } from '../../core/store-contract.js'

/**
 * The optional capability of a connect-style store that lets the middleware read a session and refresh its
 * expiry in one round trip, and write back only what a request changed (so parallel requests keep each other's
 * changes and flash messages). `NativeStoreBridge` has it when the sessionkit store it wraps has `load` and
 * `update`; any other store may implement the two methods (and `partialUpdates`) itself.
 */
export interface PartialUpdateStore {
  /** `false` switches the capability off even though the methods exist. */
  readonly partialUpdates?: boolean
  /** Reads a live session (flash entries apart) and slides its expiry; `undefined` when there is none. */
  readSession(sid: string, callback: (err: unknown, loaded?: LoadedSession) => void): void
  /** Applies a change atomically; `applied` is `false` when the session no longer exists (it is not recreated). */
  updateSession(sid: string, change: SessionChange, callback: (err: unknown, applied?: boolean) => void): void
}

/**
 * Whether the middleware reads and writes a store's sessions partially (see {@link PartialUpdateStore}). Not when
 * the app replaced `get`, `set` or `touch` on the store instance (to log, measure or inject faults, as
 * express-session allows): then those replacements must be what the middleware calls.
 */
export function canUpdatePartially(store: object): store is PartialUpdateStore {
  const candidate = store as Partial<PartialUpdateStore>
  return (
    candidate.partialUpdates !== false &&
    typeof candidate.readSession === 'function' &&
    typeof candidate.updateSession === 'function' &&
    !Object.hasOwn(store, 'get') &&
    !Object.hasOwn(store, 'set') &&
    !Object.hasOwn(store, 'touch')
  )
}
