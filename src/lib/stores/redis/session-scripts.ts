import { createHash } from 'node:crypto'
import type { SendRedisCommand } from './redis-command-sender.js'
import { MAX_SLIDING_TTL } from './session-hash-fields.js'

/**
 * The Lua scripts of the Redis store. Each touches exactly one key (`KEYS[1]`), so each is atomic and runs in
 * one round trip on a single server and on Redis Cluster alike. Field names are those of session-hash-fields.ts.
 */

/** A Lua script and its SHA-1, which EVALSHA names it by. */
export interface RedisScript {
  readonly name: string
  readonly source: string
  readonly sha: string
}

function script(name: string, source: string): RedisScript {
  return { name, source, sha: createHash('sha1').update(source).digest('hex') }
}

// unpack() is bounded by the Lua stack: write and delete fields in chunks (even sizes keep field/value pairs together).
const CHUNKED = `
local function chunked(command, key, list)
  for i = 1, #list, 1000 do
    redis.call(command, key, unpack(list, i, math.min(i + 999, #list)))
  end
end
`

// The user index expires twice the session's lifetime after its last refresh; refreshing it once half a lifetime
// has passed keeps it alive as long as any of the user's sessions, at most one extra command per half lifetime.
// Pure: load reads the metadata from the HGETALL it already did, update from one HMGET; each writes m:indexed.
const INDEX_DUE = `
local function indexRefreshDue(user, ttl, indexed, now)
  if not user or user == '' then return false end
  indexed = tonumber(indexed or '')
  if indexed and tonumber(now) - indexed < ttl / 2 then return false end
  return {user, ttl}
end
`

/**
 * Replaces a session. ARGV: now, expiry ms (0: none, < 0: delete), sliding ttl, user id ('' none), flash count n,
 * n flash values, then field/value pairs. Keeps the creation time and the flash sequence of the session it
 * replaces, so a flash id read before the replacement never names a newer message.
 */
export const SET_SESSION = script(
  'set',
  `${CHUNKED}
local key = KEYS[1]
local now = ARGV[1]
local created = now
local seq = 0
if redis.call('TYPE', key).ok == 'hash' then
  created = redis.call('HGET', key, 'm:created') or now
  seq = tonumber(redis.call('HGET', key, 'm:fseq') or '0') or 0
end
redis.call('DEL', key)
local expiry = tonumber(ARGV[2])
if expiry < 0 then return 0 end
local fields = {'m:created', created, 'm:seen', now, 'm:ttl', ARGV[3]}
if ARGV[4] ~= '' then
  fields[#fields + 1] = 'm:user'
  fields[#fields + 1] = ARGV[4]
  fields[#fields + 1] = 'm:indexed'
  fields[#fields + 1] = now
end
local flashCount = tonumber(ARGV[5])
for i = 1, flashCount do
  seq = seq + 1
  fields[#fields + 1] = 'f:' .. seq
  fields[#fields + 1] = ARGV[5 + i]
end
fields[#fields + 1] = 'm:fseq'
fields[#fields + 1] = tostring(seq)
for i = 6 + flashCount, #ARGV do fields[#fields + 1] = ARGV[i] end
chunked('HSET', key, fields)
if expiry > 0 then redis.call('PEXPIRE', key, expiry) end
return 1
`,
)

/**
 * Reads a session and records the read: HGETALL, then, when ARGV[2] is '1', PEXPIRE by the sliding ttl stored
 * with it (else ARGV[3]) once that moves the expiry by more than a tenth of it (a PTTL tells), and `m:seen` = now
 * once the stored one is ARGV[4] ms old or more. ARGV: now, slide, default ttl, last-seen resolution. Most
 * read-only requests thus write nothing (no replication or AOF traffic). Returns the fields as they were read,
 * { user id, sliding ttl } when that user's index is due a refresh (else false), and, when sliding, the ms the
 * key now has left (else false); false when missing,
 * 'wrongtype' when the key is not a hash. The metadata comes from the HGETALL it already did: every command a
 * script runs costs Redis time.
 */
export const LOAD_SESSION = script(
  'load',
  `${INDEX_DUE}
local key = KEYS[1]
local fields = redis.pcall('HGETALL', key)
if type(fields) == 'table' and fields.err then return 'wrongtype' end
if #fields == 0 then return false end
local meta = {}
for i = 1, #fields, 2 do
  if string.sub(fields[i], 1, 2) == 'm:' then meta[fields[i]] = fields[i + 1] end
end
local now = ARGV[1]
local seen = {}
local lastSeen = tonumber(meta['m:seen'] or '')
if not lastSeen or tonumber(now) - lastSeen >= tonumber(ARGV[4]) then
  seen[#seen + 1] = 'm:seen'
  seen[#seen + 1] = now
end
-- A corrupt m:ttl (not a whole number of ms up to 100 years, what PEXPIRE takes) counts as the default ttl
-- instead of failing every read of the session.
local ttl = tonumber(meta['m:ttl'] or '')
if not ttl or ttl <= 0 or ttl ~= math.floor(ttl) or ttl > ${MAX_SLIDING_TTL} then ttl = tonumber(ARGV[3]) end
local left = false
if ARGV[2] == '1' then
  left = redis.call('PTTL', key)
  if left < ttl - ttl / 10 then
    redis.call('PEXPIRE', key, ttl)
    left = ttl
  end
end
local due = indexRefreshDue(meta['m:user'], ttl, meta['m:indexed'], now)
if due then
  seen[#seen + 1] = 'm:indexed'
  seen[#seen + 1] = now
end
if #seen > 0 then redis.call('HSET', key, unpack(seen)) end
return {fields, due, left}
`,
)

/**
 * Applies one request's change to a live session; returns 0 and writes nothing when there is none.
 * ARGV: now, expiry ms (0: none, < 0: delete), sliding ttl ('' unchanged), user mode ('k' keep, 's' set to
 * ARGV[5], 'r' remove, 'n' no index kept, 'f' for a function userKey to compute), user id, pair count, unset
 * count, flash add count, flash remove count, read count (mode 'f': how many fields to return, -1 for the whole
 * hash), then the field/value pairs, the fields to delete, the flash values to add, the flash ids to remove and
 * the fields to return. Returns 1, or in mode 'k' { user id, sliding ttl } when that user's index is due a
 * refresh; in mode 'f' { that refresh (or false), the stored user (or false), the fields' values after the
 * change (HMGET order; false when missing) or the whole hash }, so the caller computes the user over the record.
 */
export const UPDATE_SESSION = script(
  'update',
  `${CHUNKED}${INDEX_DUE}
local key = KEYS[1]
if redis.call('TYPE', key).ok ~= 'hash' then return 0 end
local pairCount, unsetCount = tonumber(ARGV[6]), tonumber(ARGV[7])
local addCount, removeCount = tonumber(ARGV[8]), tonumber(ARGV[9])
local fields = {'m:seen', ARGV[1]}
local deleted = {}
if ARGV[3] ~= '' then
  fields[#fields + 1] = 'm:ttl'
  fields[#fields + 1] = ARGV[3]
end
if ARGV[4] == 's' then
  fields[#fields + 1] = 'm:user'
  fields[#fields + 1] = ARGV[5]
  fields[#fields + 1] = 'm:indexed'
  fields[#fields + 1] = ARGV[1]
elseif ARGV[4] == 'r' then
  deleted[#deleted + 1] = 'm:user'
end
local i = 11
for _ = 1, pairCount * 2 do
  fields[#fields + 1] = ARGV[i]
  i = i + 1
end
for _ = 1, unsetCount do
  deleted[#deleted + 1] = ARGV[i]
  i = i + 1
end
for _ = 1, addCount do
  fields[#fields + 1] = 'f:' .. redis.call('HINCRBY', key, 'm:fseq', 1)
  fields[#fields + 1] = ARGV[i]
  i = i + 1
end
for _ = 1, removeCount do
  deleted[#deleted + 1] = 'f:' .. ARGV[i]
  i = i + 1
end
if #deleted > 0 then chunked('HDEL', key, deleted) end
chunked('HSET', key, fields)
local expiry = tonumber(ARGV[2])
if expiry < 0 then
  redis.call('DEL', key)
  return 1
end
if expiry > 0 then redis.call('PEXPIRE', key, expiry) end
local mode = ARGV[4]
if mode ~= 'k' and mode ~= 'f' then return 1 end
-- One HMGET for the index metadata and the fields a function userKey reads.
local readCount = tonumber(ARGV[10])
local wanted = {'m:user', 'm:ttl', 'm:indexed'}
for _ = 1, readCount do
  wanted[#wanted + 1] = ARGV[i]
  i = i + 1
end
local meta = redis.call('HMGET', key, unpack(wanted))
local due = indexRefreshDue(meta[1], tonumber(meta[2] or '') or 0, meta[3], ARGV[1])
if due then redis.call('HSET', key, 'm:indexed', ARGV[1]) end
if mode == 'k' then return due or 1 end
if readCount < 0 then return {due, meta[1], redis.call('HGETALL', key)} end
return {due, meta[1], {unpack(meta, 4)}}
`,
)

/**
 * Files a session under the user a function `userKey` gave over its record, when the data that user was computed
 * from is still what the session holds (a concurrent change that altered it files the session itself).
 * ARGV: now, user id ('' none), exact ('1': the session has no data field besides the pairs), then the
 * field/value pairs the user was computed from ('' for a field that was missing). Returns 1 when filed, 0 when
 * the session is gone or its data changed meanwhile.
 */
export const MOVE_TO_USER = script(
  'move-to-user',
  `
local key = KEYS[1]
if redis.call('TYPE', key).ok ~= 'hash' then return 0 end
local stored = {}
local dataFields = 0
local all = redis.call('HGETALL', key)
for i = 1, #all, 2 do
  stored[all[i]] = all[i + 1]
  -- Data fields as decodeSessionHash reads them: the cookie and each application key (d:cookie is ignored).
  if all[i] == 'c' or (string.sub(all[i], 1, 2) == 'd:' and all[i] ~= 'd:cookie') then dataFields = dataFields + 1 end
end
local expected = 0
for i = 4, #ARGV, 2 do
  if (stored[ARGV[i]] or '') ~= ARGV[i + 1] then return 0 end
  if ARGV[i + 1] ~= '' then expected = expected + 1 end
end
if ARGV[3] == '1' and dataFields ~= expected then return 0 end
if (stored['m:user'] or '') == ARGV[2] then return 1 end
if ARGV[2] == '' then
  redis.call('HDEL', key, 'm:user')
else
  redis.call('HSET', key, 'm:user', ARGV[2], 'm:indexed', ARGV[1])
end
return 1
`,
)

/**
 * Extends a live session without rewriting its data: stores the new cookie and sliding ttl, then PEXPIRE.
 * ARGV: now, expiry ms (0: none, < 0: delete), cookie JSON ('' keep), sliding ttl. Returns 0 when missing.
 */
export const TOUCH_SESSION = script(
  'touch',
  `
local key = KEYS[1]
if redis.call('TYPE', key).ok ~= 'hash' then return 0 end
if ARGV[3] ~= '' then
  redis.call('HSET', key, 'm:seen', ARGV[1], 'm:ttl', ARGV[4], 'c', ARGV[3])
else
  redis.call('HSET', key, 'm:seen', ARGV[1], 'm:ttl', ARGV[4])
end
local expiry = tonumber(ARGV[2])
if expiry ~= 0 then redis.call('PEXPIRE', key, expiry) end
return 1
`,
)

/** Reads a session and its remaining life without changing either: { fields, PTTL }, false when missing, 'wrongtype'. */
export const READ_SESSION_WITH_TTL = script(
  'read-with-ttl',
  `
local key = KEYS[1]
local kind = redis.call('TYPE', key).ok
if kind == 'none' then return false end
if kind ~= 'hash' then return 'wrongtype' end
return {redis.call('HGETALL', key), redis.call('PTTL', key)}
`,
)

/** Deletes a session only when it still belongs to user ARGV[1]; returns 1 when it did. */
export const DESTROY_SESSION_OF_USER = script(
  'destroy-of-user',
  `
local key = KEYS[1]
if redis.call('TYPE', key).ok ~= 'hash' then return 0 end
if redis.call('HGET', key, 'm:user') ~= ARGV[1] then return 0 end
redis.call('DEL', key)
return 1
`,
)

/**
 * Adds a session id to a user's index (score: ARGV[1], the write time) and makes the index live at least as
 * long as the session (ARGV[3] ms; 0: never expires). ARGV: score, session id, ttl.
 */
export const ADD_TO_USER_INDEX = script(
  'index-add',
  `
local key = KEYS[1]
redis.call('ZADD', key, ARGV[1], ARGV[2])
local ttl = tonumber(ARGV[3])
if ttl > 0 and redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
return 1
`,
)

function isNoScriptError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT')
}

/**
 * Runs the store's scripts with one command each: EVAL the first time a script runs on this store (which also
 * caches it on the server), EVALSHA after that, and EVAL again if the server answers NOSCRIPT (it restarted,
 * failed over, or ran SCRIPT FLUSH).
 */
export class RedisScriptRunner {
  private readonly cached = new Set<string>()

  constructor(private readonly send: SendRedisCommand) {}

  /** Runs `redisScript` on one key with string arguments; resolves to the script's reply. */
  async run(redisScript: RedisScript, key: string, args: readonly string[]): Promise<unknown> {
    if (this.cached.has(redisScript.sha)) {
      try {
        return await this.send(['EVALSHA', redisScript.sha, '1', key, ...args])
      } catch (error) {
        if (!isNoScriptError(error)) throw error
        this.cached.delete(redisScript.sha)
      }
    }
    const reply = await this.send(['EVAL', redisScript.source, '1', key, ...args])
    this.cached.add(redisScript.sha)
    return reply
  }
}
