import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { invalidOptionError } from '../../core/errors.js'
import { debugLog, redactSessionId } from '../../core/debug-log.js'
import type { LoadedSession, SessionChange, SessionRecord, SessionStore } from '../../core/store-contract.js'
import { applySessionChange, defineKey, recordOf, slidingTtlOf, storedSessionOf, withCookieExpiry } from '../../core/store-records.js'
import { isTempFileName, writeFileAtomic } from './atomic-file-write.js'
import { fsStoreError, isFileSystemError } from './fs-store-errors.js'
import { normalizeFsStoreOptions, type FsStoreOptions } from './fs-store-options.js'
import { KeyedSerialQueue } from './keyed-serial-queue.js'
import { decodeSessionFile, encodeSessionFile, idOfSessionFile, type SessionFile } from './session-file.js'
import { isSessionFileName, sessionFileName } from './session-file-name.js'

// A crash between writing a temporary file and renaming it leaves the file behind; one this old is no write in flight.
const STALE_TEMP_FILE_MS = 60_000

function isNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT'
}

/**
 * A session store of JSON files, one per session, in a directory: sessions survive restarts with nothing to
 * install or run. Each file is named by the SHA-256 of the session id, so no id reaches outside the directory,
 * and written atomically (a temporary file renamed over it), so a reader never sees half a session.
 *
 * Within one process, the writes of a session run one at a time, so parallel `update`s never lose each other's
 * changes. Several processes sharing one directory can: the last rename wins. Use SqliteStore there.
 *
 * Expired files are never returned and are deleted every `pruneInterval`. There is no per-user index
 * (`listSessionsOfUser` and `destroySessionsOfUser` are absent).
 */
export class FsStore implements SessionStore {
  /** The directory session files are kept in. */
  readonly directory: string
  /** The default lifetime of a session, in milliseconds. */
  readonly ttl: number
  private readonly now: () => number
  private readonly queue = new KeyedSerialQueue()
  private directoryReady: Promise<void> | undefined
  private pruneTimer: NodeJS.Timeout | undefined

  constructor(options: FsStoreOptions) {
    const normalized = normalizeFsStoreOptions(options)
    this.directory = normalized.directory
    this.ttl = normalized.ttl
    this.now = normalized.now
    if (normalized.pruneInterval !== false) {
      this.pruneTimer = setInterval(() => {
        this.prune().catch((error: unknown) => debugLog('fs store: pruning expired sessions failed: %O', error))
      }, normalized.pruneInterval)
      this.pruneTimer.unref()
    }
  }

  /** required: the live record with its flash messages (connect-flash's shape), or `undefined`. Does not slide the expiry. */
  async get(id: string): Promise<SessionRecord | undefined> {
    return this.guard('get', async () => {
      const file = await this.readLive(id, this.now())
      return file && recordOf(file, true)
    })
  }

  /** required: replaces the session, flash messages included; a `ttl` of 0 or less deletes it. */
  async set(id: string, record: SessionRecord, ttl?: number): Promise<void> {
    return this.guard('set', async () => {
      const lifetime = this.ttlOf(ttl)
      const name = sessionFileName(id)
      await this.queue.run(name, async () => {
        if (lifetime <= 0) return this.remove(name)
        const now = this.now()
        const previous = await this.read(id, name)
        // Flash ids keep growing across a replacement, so a request still holding old ids never removes new messages.
        const stored = storedSessionOf(record, previous?.flashSeq ?? 0)
        const createdAt = previous !== undefined && previous.expiresAt > now ? previous.createdAt : now
        await this.write(name, { id, ...stored, createdAt, lastSeenAt: now, expiresAt: expiryOf(now, lifetime), slidingTtl: slidingTtlOf(record, this.ttl) })
      })
    })
  }

  /** recommended: extends the session's life to `ttl` and stores the record's cookie, without changing its data. */
  async touch(id: string, record: SessionRecord, ttl?: number): Promise<void> {
    return this.guard('touch', async () => {
      const lifetime = this.ttlOf(ttl)
      await this.withLiveFile(id, async (file, name, now) => {
        if (file === undefined) return
        if (lifetime <= 0) return this.remove(name)
        await this.rewrite(name, { ...file, cookie: record.cookie ?? file.cookie, lastSeenAt: now, expiresAt: expiryOf(now, lifetime), slidingTtl: slidingTtlOf(record, this.ttl) })
      })
    })
  }

  /** required: deletes the session; an unknown id is not an error. */
  async destroy(id: string): Promise<void> {
    return this.guard('destroy', async () => {
      const name = sessionFileName(id)
      await this.queue.run(name, () => this.remove(name))
    })
  }

  /**
   * optional: the live session, its expiry slid by the lifetime it was last written with. The file is rewritten
   * only when that moves the expiry by more than a tenth of the lifetime.
   */
  async load(id: string): Promise<LoadedSession | undefined> {
    return this.guard('load', async () => {
      const now = this.now()
      const file = await this.readLive(id, now)
      if (file === undefined) return undefined
      const slidTo = expiryOf(now, file.slidingTtl)
      if (slidTo - file.expiresAt <= file.slidingTtl / 10) return { record: withCookieExpiry(recordOf(file, false), file.expiresAt), flash: file.flash }
      // Re-read under the session's queue: an update may have landed since the read above, and must not be undone.
      return this.withLiveFile(id, async (current, name) => {
        if (current === undefined) return undefined
        const record = withCookieExpiry(recordOf(current, false), slidTo)
        if (!(await this.rewrite(name, { ...current, cookie: record.cookie, lastSeenAt: now, expiresAt: slidTo }))) return undefined
        return { record, flash: current.flash }
      })
    })
  }

  /** optional: applies one request's change, after any other write of the session in this process; resolves `false`, creating nothing, when the session is gone. */
  async update(id: string, change: SessionChange, ttl?: number): Promise<boolean> {
    return this.guard('update', async () => {
      const lifetime = this.ttlOf(ttl)
      return this.withLiveFile(id, async (file, name, now) => {
        if (file === undefined) return false
        if (lifetime <= 0) {
          await this.remove(name)
          return true
        }
        const changed = applySessionChange(file, change)
        const record = recordOf(changed, false)
        return this.rewrite(name, { ...changed, id, createdAt: file.createdAt, lastSeenAt: now, expiresAt: expiryOf(now, lifetime), slidingTtl: slidingTtlOf(record, this.ttl) })
      })
    })
  }

  /** optional: every live session by id, flash messages included. */
  async all(): Promise<Record<string, SessionRecord>> {
    return this.guard('all', async () => {
      const sessions: Record<string, SessionRecord> = {}
      for (const file of await this.liveFiles()) {
        defineKey(sessions, file.id, recordOf(file, true))
      }
      return sessions
    })
  }

  /** optional: the ids of every live session. */
  async ids(): Promise<string[]> {
    return this.guard('ids', async () => {
      return (await this.liveFiles()).map((file) => file.id)
    })
  }

  /** optional: how many live sessions there are. */
  async length(): Promise<number> {
    return this.guard('length', async () => {
      return (await this.liveFiles()).length
    })
  }

  /** optional: deletes every session file in the directory (and nothing else). */
  async clear(): Promise<void> {
    return this.guard('clear', async () => {
      const names = (await this.list()).filter(isSessionFileName)
      await Promise.all(names.map((name) => this.queue.run(name, () => this.remove(name))))
    })
  }

  /** Deletes expired and damaged session files, and temporary files a crash left behind, now (the prune timer calls this); resolves to how many sessions. */
  async prune(): Promise<number> {
    return this.guard('prune', async () => {
      const now = this.now()
      let pruned = 0
      for (const name of await this.list()) {
        if (isTempFileName(name)) {
          await this.removeStaleTempFile(name, now)
          continue
        }
        if (!isSessionFileName(name)) continue
        await this.queue.run(name, async () => {
          const text = await this.readText(name)
          if (text === undefined) return
          const id = idOfSessionFile(text)
          const file = id === undefined || sessionFileName(id) !== name ? undefined : decodeSessionFile(text, id)
          if (file !== undefined && file.expiresAt > now) return
          if (file === undefined) debugLog('fs store: deleting damaged session file %s', name.slice(0, 8))
          await this.remove(name)
          pruned++
        })
      }
      return pruned
    })
  }

  /** Stops the prune timer. The store keeps working (it holds nothing else). */
  async close(): Promise<void> {
    clearInterval(this.pruneTimer)
    this.pruneTimer = undefined
  }

  /**
   * Runs one store method; a file system failure (a full disk, no permission, a file in the way) rejects with a
   * `SessionStoreError` that names the directory and says what to do. Misuse (a bad ttl) passes as it is.
   */
  private async guard<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      throw isFileSystemError(error) ? fsStoreError(error, operation, this.directory) : error
    }
  }

  private ensureDirectory(): Promise<void> {
    if (this.directoryReady === undefined) {
      this.directoryReady = mkdir(this.directory, { recursive: true, mode: 0o700 }).then(() => undefined)
      // A failure (permissions, a file in the way) is retried by the next call instead of being remembered.
      this.directoryReady.catch(() => {
        this.directoryReady = undefined
      })
    }
    return this.directoryReady
  }

  private async readText(name: string): Promise<string | undefined> {
    try {
      return await readFile(join(this.directory, name), 'utf8')
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }

  private async read(id: string, name: string): Promise<SessionFile | undefined> {
    const text = await this.readText(name)
    if (text === undefined) return undefined
    const file = decodeSessionFile(text, id)
    if (file === undefined) debugLog('fs store: session %s has a damaged file; treated as no session', redactSessionId(id))
    return file
  }

  private async readLive(id: string, now: number): Promise<SessionFile | undefined> {
    const file = await this.read(id, sessionFileName(id))
    return file !== undefined && file.expiresAt > now ? file : undefined
  }

  // Runs `action` on the session's file when it is live (else `undefined`), after any other write of it in this process.
  private withLiveFile<T>(id: string, action: (file: SessionFile | undefined, name: string, now: number) => Promise<T>): Promise<T> {
    const name = sessionFileName(id)
    return this.queue.run(name, async () => {
      const now = this.now()
      const file = await this.read(id, name)
      return action(file !== undefined && file.expiresAt > now ? file : undefined, name, now)
    })
  }

  // Writes a session read from its file back; `false`, and the file removed, when its data cannot be serialized
  // again (nested too deep: a file written by hand, never by this store), so the session reads as gone instead
  // of failing every request that uses it.
  private async rewrite(name: string, file: SessionFile): Promise<boolean> {
    try {
      await this.write(name, file)
      return true
    } catch (error) {
      if (!(error instanceof RangeError)) throw error
      await this.remove(name)
      return false
    }
  }

  private async write(name: string, file: SessionFile): Promise<void> {
    const contents = encodeSessionFile(file)
    await this.ensureDirectory()
    try {
      await writeFileAtomic(this.directory, name, contents)
    } catch (error) {
      if (!isNotFound(error)) throw error
      // The directory was deleted while the store ran (a cleanup job, a test): make it again, once.
      this.directoryReady = undefined
      await this.ensureDirectory()
      await writeFileAtomic(this.directory, name, contents)
    }
  }

  private async remove(name: string): Promise<void> {
    try {
      await unlink(join(this.directory, name))
    } catch (error) {
      if (!isNotFound(error)) throw error
    }
  }

  private async removeStaleTempFile(name: string, now: number): Promise<void> {
    try {
      const { mtimeMs } = await stat(join(this.directory, name))
      if (now - mtimeMs > STALE_TEMP_FILE_MS) await this.remove(name)
    } catch (error) {
      if (!isNotFound(error)) throw error
    }
  }

  private async list(): Promise<string[]> {
    try {
      return await readdir(this.directory)
    } catch (error) {
      if (isNotFound(error)) return []
      throw error
    }
  }

  private async liveFiles(): Promise<SessionFile[]> {
    const now = this.now()
    const files = await Promise.all(
      (await this.list()).filter(isSessionFileName).map(async (name) => {
        const text = await this.readText(name)
        const id = text === undefined ? undefined : idOfSessionFile(text)
        // A file whose name is not the hash of the id inside it was not written by this store under that name.
        if (text === undefined || id === undefined || sessionFileName(id) !== name) return undefined
        const file = decodeSessionFile(text, id)
        return file !== undefined && file.expiresAt > now ? file : undefined
      }),
    )
    return files.filter((file) => file !== undefined)
  }

  private ttlOf(ttl: number | undefined): number {
    if (ttl === undefined) return this.ttl
    if (typeof ttl !== 'number' || Number.isNaN(ttl)) throw invalidOptionError('ttl', ttl, 'Pass a number of milliseconds, or undefined for the store default.')
    return ttl
  }
}

// Whole milliseconds, capped so an infinite ttl still makes a valid JSON number.
function expiryOf(now: number, ttl: number): number {
  return Math.min(Math.floor(now + ttl), Number.MAX_SAFE_INTEGER)
}

/** Creates an {@link FsStore}. */
export function createFsStore(options: FsStoreOptions): FsStore {
  return new FsStore(options)
}
