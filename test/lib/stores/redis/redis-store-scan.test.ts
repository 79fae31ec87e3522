import { describe, expect, it } from 'vitest'
import { RedisStore } from '../../../../src/stores/redis.ts'
import { redisAvailable } from '../../../support/services.ts'
import { clientKinds, connectCountedClient, connectCountedClientForSuite, deleteKeysWithPrefix, uniquePrefix } from './redis-clients.ts'

const up = await redisAvailable()

describe.skipIf(!up).each(clientKinds)('RedisStore all/ids/length/clear on $kind', ({ kind }) => {
  // A prefix with glob characters: SCAN MATCH must take it literally.
  const base = uniquePrefix(`scan-${kind.replace(/\W/g, '')}`)
  const prefix = `${base}[a]*?\\:`
  const foreign = [
    `${base}other:{x}`, // another prefix
    `${base}[a]*?\\:x{y}`, // a similar prefix: this prefix plus more
    `${base}a*?\\:{z}`, // what the prefix would match as an unescaped glob
    `${base}[a]*?\\:plain`, // this prefix, but not a session key
  ]

  const connection = connectCountedClientForSuite(kind, base)
  const send = connection.send

  it('see only this store sessions, with flash merged like get, and clear deletes only them and their user index', async () => {
    for (const key of foreign) await send(['SET', key, 'foreign'])
    const store = new RedisStore({ client: connection.client, prefix, scanCount: 3, userKey: 'user' })
    const expected: Record<string, unknown> = {}
    for (let i = 0; i < 10; i++) {
      await store.set(`s${i}`, { n: i, user: 'u1', flash: i === 0 ? { info: ['hi'] } : undefined })
      expected[`s${i}`] = i === 0 ? { n: 0, user: 'u1', flash: { info: ['hi'] } } : { n: i, user: 'u1' }
    }
    expect((await store.ids()).sort()).toEqual(Object.keys(expected).sort())
    expect(await store.length()).toBe(10)
    expect(await store.all()).toEqual(expected)
    expect(await send(['EXISTS', `${prefix}user:{${'x'.repeat(43)}}`])).toBe(0)
    const indexKeys = (await send(['KEYS', `${base}*user:*`])) as string[]
    expect(indexKeys).toHaveLength(1)

    connection.commands.length = 0
    await store.clear()
    expect(connection.commands.some((command) => command[0] === 'KEYS')).toBe(false)
    expect(await store.length()).toBe(0)
    expect(await send(['EXISTS', ...indexKeys])).toBe(0)
    for (const key of foreign) expect(await send(['GET', key])).toBe('foreign')
  })

  it('all skips sessions that are corrupt or expire while it reads', async () => {
    const store = new RedisStore({ client: connection.client, prefix: `${base}all:` })
    await store.set('good', { n: 1 })
    await send(['HSET', `${base}all:{bad}`, 'd:n', '{not json'])
    await send(['SET', `${base}all:{string}`, 'x'])
    expect(await store.all()).toEqual({ good: { n: 1 } })
  })
})

describe.skipIf(!up)('RedisStore scans on an ioredis Cluster', () => {
  it('visits every master (SCAN only sees the node it reaches) and sends key commands through the cluster', async () => {
    // No cluster on the test server: two connections to it stand in for two shards, with the cluster's shape.
    const shards = [await connectCountedClient('ioredis v6'), await connectCountedClient('ioredis v6')]
    const router = await connectCountedClient('ioredis v6')
    const prefix = uniquePrefix('cluster-scan')
    try {
      const routerCall = (router.client as { call(command: string, ...args: string[]): Promise<unknown> }).call
      const cluster = { isCluster: true, call: routerCall, nodes: (role: string) => (role === 'master' ? shards.map((shard) => shard.client) : []) }
      const store = new RedisStore({ client: cluster as never, prefix })
      await store.set('a', { n: 1 })
      await store.set('b', { n: 2 })
      expect((await store.ids()).sort()).toEqual(['a', 'b'])
      for (const shard of shards) expect(shard.commands.map((command) => command[0])).toContain('SCAN')
      expect(router.commands.map((command) => command[0])).not.toContain('SCAN')
      await store.clear()
      expect(await store.length()).toBe(0)
    } finally {
      await deleteKeysWithPrefix(router, prefix)
      for (const connection of [...shards, router]) await connection.quit()
    }
  })
})
