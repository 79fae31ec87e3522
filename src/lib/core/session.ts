import { generateSessionId } from './session-id.js'
import type { SessionMetadata } from './session-metadata.js'

/** The default shape of a session's data: any JSON-serializable values by key. */
export type SessionData = Record<string, unknown>

/**
 * Where a session stands:
 * - `new`: not in storage and nothing to write (saving sends no cookie and stores nothing);
 * - `clean`: in storage, unchanged;
 * - `dirty`: has something to write (data, flash messages to add or consume, a new id);
 * - `destroyed`: saving deletes it and clears the cookie.
 */
export type SessionState = 'new' | 'clean' | 'dirty' | 'destroyed'

/** A flash value waiting for the request that reads a session, as a storage hands it over. */
export interface IncomingFlash {
  /** The key it was flashed under. */
  key: string
  /** The value. */
  value: unknown
  /** The store's id of the entry (stores with `load`), so saving removes exactly this entry. */
  entryId?: string
}

/** How a storage creates a {@link Session}. */
export interface SessionInit {
  /**
   * The session id.
   * @default a new id from the CSPRNG
   */
  id?: string
  /**
   * The stored data. Given: the session exists in storage under `id` (state `clean`, or `dirty` when flash
   * values are waiting). Omitted: a new session (state `new`).
   */
  data?: SessionData
  /**
   * The flash values flashed by the previous request, oldest first. They are readable during this request and
   * gone from storage once it saves.
   * @default []
   */
  flash?: readonly IncomingFlash[]
  /** What sessionkit recorded with the stored session for its policies (creation, last use, user agent). */
  metadata?: SessionMetadata
}

/** Everything a storage needs to write a session, from {@link sessionChangesOf}. */
export interface SessionChanges {
  /** The id to write under. */
  readonly id: string
  /** The id the session is stored under, `undefined` for a session never saved. Differs from `id` after `regenerateId`. */
  readonly storedId: string | undefined
  /** The old id to delete (set by `regenerateId(true)`). */
  readonly deleteId: string | undefined
  /** The old id to turn into a pointer to `id` for a short grace (set by a periodic id rotation). */
  readonly forwardId: string | undefined
  readonly destroyed: boolean
  /** Every current value (a full write), as a fresh object. */
  readonly values: SessionData
  /** The keys set or unset since the session was read or last saved (a partial write). */
  readonly changedKeys: readonly string[]
  /** The values flashed during this request, to be readable in the next one. */
  readonly flashed: ReadonlyArray<{ key: string; value: unknown }>
  /** The incoming flash values still in storage: a save removes them. */
  readonly consumedFlash: readonly IncomingFlash[]
  /** What to record with the session for the policies (written with the lifetime, in the record's `cookie`). */
  readonly metadata: SessionMetadata
}

// Keys a store's record uses for itself: `cookie` holds the expiry settings and `flash` is split into flash
// entries by every store's `set`, so a session value under either name would be lost or misread.
const RESERVED_KEYS = new Set(['cookie', 'flash'])

// Set in the class's static block: the only code outside the class that reaches its private state.
let changesOf: <D extends object, F extends object>(session: Session<D, F>) => SessionChanges
let markSaved: <D extends object, F extends object>(session: Session<D, F>) => void
let markGone: <D extends object, F extends object>(session: Session<D, F>) => void
let metadataOf: <D extends object, F extends object>(session: Session<D, F>) => SessionMetadata
let recordMetadata: <D extends object, F extends object>(session: Session<D, F>, metadata: SessionMetadata) => void
let rotate: <D extends object, F extends object>(session: Session<D, F>) => void

/**
 * One user's session during one request: data read from storage, changes to write back, and flash values
 * (visible in the next request only). Storages create it (`storage.read`) and persist it (`storage.save`);
 * the class tracks exactly which keys changed so a save can write only those.
 *
 * Changes are tracked by `set`/`unset`: changing an object returned by `get` in place is not noticed; `set` it again.
 *
 * @typeParam Data - the shape of the stored values (a type assertion: stored data is not validated against it).
 * @typeParam FlashData - the shape of the flash values; defaults to `Data`.
 */
export class Session<Data extends object = SessionData, FlashData extends object = Data> {
  #id: string
  #storedId: string | undefined
  #deleteId: string | undefined
  #forwardId: string | undefined
  #values: Map<string, unknown>
  #incoming: IncomingFlash[]
  #incomingByKey: Map<string, unknown>
  #unconsumed: number
  #flashed = new Map<string, unknown>()
  #changedKeys = new Set<string>()
  #regenerated = false
  #destroyed = false
  #metadata: SessionMetadata
  #metadataChanged = false

  static {
    changesOf = (session) => session.#changes()
    markSaved = (session) => session.#markSaved()
    markGone = (session) => {
      session.#destroyed = true
    }
    metadataOf = (session) => session.#metadata
    recordMetadata = (session, metadata) => {
      session.#metadata = metadata
      // A new session's metadata is written with it whenever it is first saved; alone it is no reason to save.
      if (session.#storedId !== undefined) session.#metadataChanged = true
    }
    rotate = (session) => {
      const storedId = session.#storedId
      session.regenerateId(false)
      session.#forwardId = storedId
    }
  }

  /** A session: new (no `data`) or as read from storage. Applications get sessions from `storage.read`. */
  constructor(init: SessionInit = {}) {
    this.#id = init.id ?? generateSessionId()
    this.#storedId = init.data === undefined ? undefined : this.#id
    this.#values = new Map(init.data === undefined ? [] : Object.entries(init.data).filter(([key]) => !RESERVED_KEYS.has(key)))
    this.#incoming = [...(init.flash ?? [])]
    // The newest value of a key wins, as when one request flashes the same key twice.
    this.#incomingByKey = new Map(this.#incoming.map(({ key, value }) => [key, value]))
    this.#unconsumed = this.#incoming.length
    this.#metadata = init.metadata ?? {}
  }

  /** The session id. It is a bearer secret: never render it into a page or a log. */
  get id(): string {
    return this.#id
  }

  /** Where the session stands; see {@link SessionState}. */
  get state(): SessionState {
    if (this.#destroyed) return 'destroyed'
    if (this.dirty) return 'dirty'
    return this.#storedId === undefined ? 'new' : 'clean'
  }

  /** Whether saving has something to write (also `true` while flash values read this request still sit in storage). */
  get dirty(): boolean {
    if (this.#destroyed) return false
    return this.#changedKeys.size > 0 || this.#flashed.size > 0 || this.#unconsumed > 0 || this.#regenerated || this.#metadataChanged
  }

  /** Whether {@link destroy} was called (or the session turned out to be gone from storage when saved). */
  get destroyed(): boolean {
    return this.#destroyed
  }

  /** The old id that saving deletes, set by `regenerateId(true)`. */
  get deleteId(): string | undefined {
    return this.#deleteId
  }

  /** How many values (stored and flashed by the previous request) the session holds. */
  get size(): number {
    if (this.#destroyed) return 0
    let size = this.#values.size
    for (const key of this.#incomingByKey.keys()) if (!this.#values.has(key)) size++
    return size
  }

  /**
   * The value of `key`: a stored value, else a value flashed by the previous request. A value flashed during
   * this request is not visible until the next one. `undefined` after {@link destroy}.
   */
  get<Key extends (keyof Data | keyof FlashData) & string>(
    key: Key,
  ): (Key extends keyof Data ? Data[Key] : never) | (Key extends keyof FlashData ? FlashData[Key] : never) | undefined {
    type Value = (Key extends keyof Data ? Data[Key] : never) | (Key extends keyof FlashData ? FlashData[Key] : never) | undefined
    if (this.#destroyed) return undefined
    if (this.#values.has(key)) return this.#values.get(key) as Value
    return this.#incomingByKey.get(key) as Value
  }

  /** Whether `key` has a stored value or a value flashed by the previous request. */
  has(key: (keyof Data | keyof FlashData) & string): boolean {
    if (this.#destroyed) return false
    return this.#values.has(key) || this.#incomingByKey.has(key)
  }

  /**
   * Stores `value` under `key`. Setting `undefined` removes the key (JSON has no `undefined`); `null` is kept.
   * Throws when the session is destroyed, or for the reserved keys `cookie` and `flash`.
   */
  set<Key extends keyof Data & string>(key: Key, value: Data[Key]): void {
    this.#checkWritable('set', key)
    if (value === undefined) this.#values.delete(key)
    else this.#values.set(key, value)
    this.#changedKeys.add(key)
  }

  /** Removes `key`. Throws when the session is destroyed. */
  unset<Key extends keyof Data & string>(key: Key): void {
    this.#checkWritable('unset', key)
    this.#values.delete(key)
    this.#changedKeys.add(key)
  }

  /**
   * Sets a value readable with `get(key)` during the next request only: not in this one, and gone after the
   * next. Flashing a key twice keeps the last value. Throws when the session is destroyed.
   */
  flash<Key extends keyof FlashData & string>(key: Key, value: FlashData[Key]): void {
    if (this.#destroyed) throw destroyedError('flash')
    this.#flashed.delete(key)
    this.#flashed.set(key, value)
  }

  /**
   * Gives the session a new id, keeping its data; call it after a login or any change of privilege, so an id
   * an attacker planted before (session fixation) is worthless after.
   *
   * @param deleteOldSession - delete the data stored under the old id when the session is saved. Leaving it
   *   lets a client on a flaky connection that missed the new cookie carry on with the old one.
   *   @default false
   */
  regenerateId(deleteOldSession = false): void {
    if (this.#destroyed) throw destroyedError('regenerateId')
    if (deleteOldSession && this.#storedId !== undefined) this.#deleteId = this.#storedId
    // An explicit regenerate (a login) overrides a pending rotation: the old id must not lead to the new session.
    this.#forwardId = undefined
    this.#id = generateSessionId()
    this.#regenerated = true
  }

  /** Marks the session for deletion: saving deletes it from storage and returns `''` to clear the cookie. */
  destroy(): void {
    this.#destroyed = true
  }

  #checkWritable(method: string, key: string): void {
    if (this.#destroyed) throw destroyedError(method)
    if (RESERVED_KEYS.has(key)) {
      throw new TypeError(
        `sessionkit: session.${method}(${JSON.stringify(key)}) uses a reserved key: stores keep the cookie settings under "cookie" and flash messages under "flash". Use another key, or session.flash() for flash messages.`,
      )
    }
  }

  #changes(): SessionChanges {
    return {
      id: this.#id,
      storedId: this.#storedId,
      deleteId: this.#deleteId,
      forwardId: this.#forwardId,
      destroyed: this.#destroyed,
      values: Object.fromEntries(this.#values),
      changedKeys: [...this.#changedKeys],
      flashed: [...this.#flashed].map(([key, value]) => ({ key, value })),
      consumedFlash: this.#incoming.slice(this.#incoming.length - this.#unconsumed),
      metadata: this.#metadata,
    }
  }

  #markSaved(): void {
    this.#storedId = this.#id
    this.#deleteId = undefined
    this.#forwardId = undefined
    this.#changedKeys.clear()
    // Flashed values now wait in storage for the next request; read ones stay readable for the rest of this one.
    this.#flashed.clear()
    this.#unconsumed = 0
    this.#regenerated = false
    this.#metadataChanged = false
  }
}

function destroyedError(method: string): Error {
  return new Error(`sessionkit: session.${method}() was called on a destroyed session. Read a new session (storage.read) after saving the destroyed one.`)
}

/** What a storage must write for `session`. For storages only; applications never need it. */
export function sessionChangesOf<D extends object, F extends object>(session: Session<D, F>): SessionChanges {
  return changesOf(session)
}

/** Records that `session` was written: it becomes `clean`, stored under its current id. For storages only. */
export function markSessionSaved<D extends object, F extends object>(session: Session<D, F>): void {
  markSaved(session)
}

/** Records that `session` no longer exists in storage (revoked or expired meanwhile): it becomes `destroyed`. For storages only. */
export function markSessionGone<D extends object, F extends object>(session: Session<D, F>): void {
  markGone(session)
}

/** What sessionkit recorded with `session` for its policies. For faces and storages only. */
export function sessionMetadataOf<D extends object, F extends object>(session: Session<D, F>): SessionMetadata {
  return metadataOf(session)
}

/**
 * Replaces what is recorded with `session` for the policies; a stored session becomes dirty, so saving writes
 * it. For faces only.
 */
export function recordSessionMetadata<D extends object, F extends object>(session: Session<D, F>, metadata: SessionMetadata): void {
  recordMetadata(session, metadata)
}

/**
 * Gives a stored session a new id for a periodic rotation: its data is kept, and saving turns the old id into a
 * short-lived pointer to the new one (see `rotateIdEvery`). For faces only.
 */
export function rotateSessionId<D extends object, F extends object>(session: Session<D, F>): void {
  rotate(session)
}
