import { invalidOptionError } from '../../core/errors.js'

/** Options of {@link FsStore}. */
export interface FsStoreOptions {
  /**
   * The directory session files are kept in, created when missing (owner-only, mode 0o700). Give the store a
   * directory of its own: `clear()` deletes every session file in it.
   */
  directory: string
  /**
   * Lifetime of a session saved without a ttl (a browser-session cookie), in milliseconds.
   * @default 86400000 (one day)
   */
  ttl?: number
  /**
   * How often expired session files (and temporary files over a minute old, left by a crash mid-write) are
   * deleted, in milliseconds, or `false` to never prune (expired sessions are still never returned). The timer
   * is `unref`'d: it never keeps the process alive.
   * @default 60000
   */
  pruneInterval?: number | false
  /**
   * The clock, in epoch milliseconds. For tests.
   * @default Date.now
   */
  now?: () => number
}

/** The options of a file store, checked, with defaults filled in. */
export interface NormalizedFsStoreOptions {
  directory: string
  ttl: number
  pruneInterval: number | false
  now: () => number
}

function positiveInteger(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw invalidOptionError(option, value, 'Pass a positive whole number of milliseconds.')
  return value
}

/** Checks the options of a file store once, at construction, with `sessionkit:` TypeErrors that say what to pass. */
export function normalizeFsStoreOptions(options: FsStoreOptions): NormalizedFsStoreOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError("sessionkit: the file store needs options: pass { directory: './data/sessions' }.")
  }
  const { directory } = options
  if (typeof directory !== 'string' || directory === '' || directory.includes('\0')) {
    throw invalidOptionError('directory', directory, "Pass the directory to keep session files in, such as './data/sessions'.")
  }
  if ('userKey' in options) {
    throw new TypeError('sessionkit: the file store has no per-user index, so option userKey cannot be used with it. Use SqliteStore (sessionkit/stores/sqlite) for listing and destroying the sessions of a user.')
  }
  if (options.now !== undefined && typeof options.now !== 'function') throw invalidOptionError('now', options.now, 'Pass a function returning epoch milliseconds, or leave it out.')
  return {
    directory,
    ttl: positiveInteger('ttl', options.ttl, 86_400_000),
    pruneInterval: options.pruneInterval === false ? false : positiveInteger('pruneInterval', options.pruneInterval, 60_000),
    now: options.now ?? Date.now,
  }
}
