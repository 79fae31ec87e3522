import { createClient } from 'redis'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { RedisStore } from '../../../../src/stores/redis.ts'
import { PrivateRedisServer, redisServerBinaryAvailable } from './private-redis-server.ts'

/**
 * What Redis itself runs for a store's reads and partial writes, by its own INFO commandstats (which counts every
 * command inside a Lua script), on a private redis-server so no other test's commands are counted.
 */

const binary = redisServerBinaryAvailable()
if (!binary) {
  const message = 'redis-server is not installed; the commands-run tests cannot start a private server.'
  if (process.env.CI === 'true') throw new Error(message)
  console.warn(`\n*** SKIPPING: ${message} ***\n`)
}

describe.skipIf(!binary)('commands Redis runs per store call (INFO commandstats)', () => {
  let server: PrivateRedisServer
  let client: ReturnType<typeof createClient>

  beforeAll(async () => {
    server = await PrivateRedisServer.start()
    client = createClient({ url: server.url })
    await client.connect()
  })
  afterAll(async () => {
    await client?.quit()
    await server?.dispose()
  })
  beforeEach(async () => {
    await client.flushAll()
  })

  // Commands run since the last reset, by name, without the INFO and CONFIG this counting itself sends.
  async function commandsRun(during: () => Promise<unknown>): Promise<Record<string, number>> {
    await client.configResetStat()
    await during()
    const info = await client.info('commandstats')
    const counts: Record<string, number> = {}
    for (const [, name, calls] of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
      if (name === 'info' || name === 'config|resetstat') continue
      // EVAL the first time a script is sent on a connection, EVALSHA after: either way one script call.
      const key = name === 'eval' || name === 'evalsha' ? 'script' : (name as string)
      counts[key] = (counts[key] ?? 0) + Number(calls)
    }
    return counts
  }

  const cookie = { originalMaxAge: 3_600_000, expires: new Date(Date.now() + 3_600_000).toISOString() }

  it('a read of a fresh session writes nothing: HGETALL and PTTL inside one script', async () => {
    const store = new RedisStore({ client, prefix: 'run:' })
    await store.set('s1', { cookie, views: 0 }, 3_600_000)
    expect(await commandsRun(() => store.load('s1'))).toEqual({ script: 1, hgetall: 1, pttl: 1 })
  })

  it('an update on a store without userKey looks at no user index', async () => {
    const store = new RedisStore({ client, prefix: 'run:' })
    await store.set('s1', { cookie, views: 0 }, 3_600_000)
    const run = await commandsRun(() => store.update('s1', { set: { views: 1, cookie }, unset: [] }, 3_600_000))
    expect(run.hget).toBeUndefined()
    expect(run).toEqual({ script: 1, type: 1, hset: 1, pexpire: 1 })
  })

  it('an update on a store with userKey checks whether the user index is due a refresh with one HMGET', async () => {
    const store = new RedisStore({ client, prefix: 'run:', userKey: 'userId' })
    await store.set('s1', { cookie, userId: 'u1', views: 0 }, 3_600_000)
    const run = await commandsRun(() => store.update('s1', { set: { views: 1, cookie }, unset: [] }, 3_600_000))
    expect(run).toEqual({ script: 1, type: 1, hset: 1, pexpire: 1, hmget: 1 })
  })

  it('with a function userKey, the same HMGET fetches the stored keys the function reads', async () => {
    const userKey = (record: Record<string, unknown>) => (record.tenant && record.login ? `${String(record.tenant)}:${String(record.login)}` : undefined)
    const store = new RedisStore({ client, prefix: 'run:', userKey })
    await store.set('s1', { cookie, tenant: 'acme', login: 'alice', views: 0 }, 3_600_000)
    const run = await commandsRun(() => store.update('s1', { set: { views: 1, cookie }, unset: [] }, 3_600_000))
    expect(run).toEqual({ script: 1, type: 1, hset: 1, pexpire: 1, hmget: 1 })
  })
})
