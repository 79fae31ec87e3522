import type { ChildProcess } from 'node:child_process'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisStore, type RedisCommandClient } from '../../../src/stores/redis.ts'
import { PrivateRedisServer, redisServerBinaryAvailable } from '../../lib/stores/redis/private-redis-server.ts'
import { runOutageStream } from '../support/outage-stream.ts'

/**
 * A private redis-server (append-only file, fsync on every write) stopped and started again under a stream of
 * writes from 4 sessions through sessionkit/express: gracefully (SIGTERM) and by a crash (SIGKILL). Extends
 * test/lib/stores/redis/redis-store-outage.test.ts (one session, requests one at a time) to a stream of
 * parallel writes whose every acknowledged write is checked afterwards. Client settings as docs/stores/redis.md
 * recommends for outages: no offline queue, reconnect within 200 ms.
 */

const binary = redisServerBinaryAvailable()
const storeTimeout = 1000
const reconnectDelay = (attempt: number) => Math.min(50 * 2 ** attempt, 200)

/** The server's process. PrivateRedisServer only stops gracefully; its child is reached here for other signals. */
function processOf(server: PrivateRedisServer): ChildProcess {
  const child = (server as unknown as { child: ChildProcess | undefined }).child
  if (!child) throw new Error('sessionkit test: the private redis-server is not running')
  return child
}

/** Kills the server like a crash. */
async function crash(server: PrivateRedisServer): Promise<void> {
  const child = processOf(server)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGKILL')
  await exited
}

const clients = [
  {
    kind: 'node-redis v6',
    async connect(url: string, errors: unknown[]) {
      const client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: 1000, reconnectStrategy: reconnectDelay } })
      client.on('error', (error) => errors.push(error))
      await client.connect()
      return { client: client as unknown as RedisCommandClient, close: async () => void client.destroy() }
    },
  },
  {
    kind: 'ioredis v6',
    async connect(url: string, errors: unknown[]) {
      const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: reconnectDelay })
      client.on('error', (error) => errors.push(error))
      await client.connect()
      return { client: client as unknown as RedisCommandClient, close: async () => client.disconnect() }
    },
  },
]

describe.skipIf(!binary).each(clients)('Redis stopped and restarted under a stream of writes ($kind)', ({ kind, connect }) => {
  let redis: PrivateRedisServer
  let connection: Awaited<ReturnType<typeof connect>>
  const clientErrors: unknown[] = []

  beforeAll(async () => {
    redis = await PrivateRedisServer.start()
    connection = await connect(redis.url, clientErrors)
  })
  afterAll(async () => {
    await connection?.close()
    await redis?.dispose()
  })

  it.each([
    { how: 'SIGTERM (graceful stop)', downMs: 1500, stop: () => redis.stop(), start: () => redis.start() },
    { how: 'SIGKILL (crash)', downMs: 1500, stop: () => crash(redis), start: () => redis.start() },
    // Frozen: connections stay open and nothing answers, so only storeTimeout ends the requests; down for
    // 2.6 storeTimeouts, so each writer's requests time out twice or more.
    { how: 'SIGSTOP (frozen, then SIGCONT)', downMs: 2600, stop: async () => void processOf(redis).kill('SIGSTOP'), start: async () => void processOf(redis).kill('SIGCONT') },
  ])('$how: failing requests are store errors within storeTimeout, service resumes by itself, acknowledged writes survive', async ({ how, downMs, stop, start }) => {
    const store = new RedisStore({ client: connection.client, prefix: `stream:${how.split(' ')[0]}:` })
    const report = await runOutageStream({ store, storeTimeout, downMs, stop, start })
    console.log(`Redis, ${kind}, ${how}: ${JSON.stringify(report)}`)
    expect(report.acknowledged).toBeGreaterThan(0)
  }, 40_000)
})
