import { invalidOptionError } from '../../core/errors.js'
import type { UserKey } from '../../core/store-contract.js'
import { redisCommandSenderOf, redisScanSendersOf, type RedisCommandClient, type SendRedisCommand } from './redis-command-sender.js'

/** Options of {@link RedisStore}. */
export interface RedisStoreOptions {
  /** A connected node-redis (v4+) or ioredis client, which the application owns: the store never closes it. */
  client: RedisCommandClient
  /**
   * Prepended to every key. Must not contain `{` or `}` (they would break the Cluster hash tags). Two stores
   * sharing a server need prefixes of which neither starts with the other plus `user:`.
   * @default 'sess:'
   */
  prefix?: string
  /**
   * Lifetime in milliseconds of a session saved without one (express-session passes the cookie's remaining
   * lifetime, so this applies to cookies without `maxAge`). Note: connect-redis counts `ttl` in seconds.
   * @default 86400000 (one day)
   */
  ttl?: number
  /** Never extend a session's expiry on `touch` or on `load`: sessions expire a fixed time after their last write. @default false */
  disableTouch?: boolean
  /** Keys never expire (connect-redis's `disableTTL`); expired sessions must then be removed by other means. @default false */
  disableTTL?: boolean
  /**
   * The record field naming a session's user (e.g. `'userId'`), or a function of the record returning it.
   * Enables `listSessionsOfUser` and `destroySessionsOfUser`. A function should read top-level keys only.
   * @default undefined (no per-user index)
   */
  userKey?: UserKey
  /**
   * How stale a session's "last seen" time (what `listSessionsOfUser` sorts by) may get before a read writes it,
   * in milliseconds. A read otherwise moves the expiry only when that moves it by more than a tenth of the
   * session's lifetime, so most read-only requests write nothing; `0` writes "last seen" on every read.
   * @default 60000
   */
  lastSeenResolution?: number
  /** The COUNT hint of the SCAN behind `all`, `ids`, `length` and `clear`, and the batch size of their reads. @default 100 */
  scanCount?: number
  /** The clock of creation, last-seen and index times (epoch ms); for tests. Expiry is Redis's own clock. @default Date.now */
  now?: () => number
}

/** The options of a {@link RedisStore} after checking, with defaults applied. */
export interface ResolvedRedisStoreOptions {
  send: SendRedisCommand
  /** Where SCAN must go: every master of a cluster, else `send`. */
  scanSenders: () => Promise<SendRedisCommand[]>
  prefix: string
  ttl: number
  disableTouch: boolean
  disableTTL: boolean
  userKey: UserKey | undefined
  scanCount: number
  lastSeenResolution: number
  now: () => number
}

function booleanOption(name: string, value: unknown): boolean {
  if (value === undefined) return false
  if (typeof value !== 'boolean') throw invalidOptionError(name, value, `Pass true or false.`)
  return value
}

/** Checks a {@link RedisStoreOptions} once, at construction, throwing a `sessionkit:` TypeError that names the bad option. */
export function resolveRedisStoreOptions(options: RedisStoreOptions): ResolvedRedisStoreOptions {
  if (typeof options !== 'object' || options === null) {
    throw invalidOptionError('options', options, 'Pass an object: new RedisStore({ client }).')
  }
  if (options.client === undefined || options.client === null) {
    throw invalidOptionError('client', options.client, 'Pass a connected node-redis or ioredis client: new RedisStore({ client }).')
  }
  const send = redisCommandSenderOf(options.client)
  const { prefix = 'sess:', ttl = 86_400_000, scanCount = 100, userKey, now = Date.now, lastSeenResolution = 60_000 } = options
  if (typeof prefix !== 'string' || /[{}]/.test(prefix) || prefix.length > 1024) {
    throw invalidOptionError('prefix', prefix, 'Pass a string without "{" or "}" (they would break Redis Cluster hash tags), such as "sess:".')
  }
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0) {
    throw invalidOptionError('ttl', ttl, 'Pass a positive number of milliseconds (connect-redis counted seconds: multiply by 1000).')
  }
  if (!Number.isInteger(scanCount) || scanCount < 1) {
    throw invalidOptionError('scanCount', scanCount, 'Pass a positive integer, such as 100.')
  }
  if (userKey !== undefined && typeof userKey !== 'function' && (typeof userKey !== 'string' || userKey === '')) {
    throw invalidOptionError('userKey', userKey, 'Pass the name of the record field holding the user id, or a function (record) => userId.')
  }
  if (!Number.isSafeInteger(lastSeenResolution) || lastSeenResolution < 0) {
    throw invalidOptionError('lastSeenResolution', lastSeenResolution, 'Pass a whole number of milliseconds, 0 or more (e.g. 60000).')
  }
  if (typeof now !== 'function') throw invalidOptionError('now', now, 'Pass a function returning epoch milliseconds, or leave it out.')
  return {
    send,
    scanSenders: redisScanSendersOf(options.client, send),
    prefix,
    ttl: Math.ceil(ttl),
    disableTouch: booleanOption('disableTouch', options.disableTouch),
    disableTTL: booleanOption('disableTTL', options.disableTTL),
    userKey,
    scanCount,
    lastSeenResolution,
    now,
  }
}
