import { randomUUID } from 'node:crypto'
import express from 'express'
import { Cluster } from 'ioredis'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import session from '../../../../src/express.ts'
import type { SessionRecord } from '../../../../src/lib/core/store-contract.ts'
import { SET_SESSION } from '../../../../src/lib/stores/redis/session-scripts.ts'
import { RedisStore, type RedisCommandClient } from '../../../../src/stores/redis.ts'
import { describeStoreConformance } from '../../../support/store-conformance.ts'
import { PrivateRedisCluster, redisClusterBinariesAvailable } from './private-redis-cluster.ts'

const binaries = redisClusterBinariesAvailable()

type Send = (args: string[]) => Promise<unknown>

const MINUTE = 60_000
function record(data: Record<string, unknown> = {}): SessionRecord {
  return { ...data, cookie: { originalMaxAge: MINUTE, expires: new Date(Date.now() + MINUTE).toISOString(), httpOnly: true, path: '/' } }
}

// Fixed ids, so where they land is the same on every run: with the slots redis-cli assigns to three masters
// (0-5460, 5461-10922, 10923-16383) these sixty reach every one of them.
const spreadIds = Array.from({ length: 60 }, (_, i) => `spread-${i}`)

describe.skipIf(!binaries)('RedisStore on a real Redis Cluster (3 masters, ioredis Cluster)', () => {
  let cluster: PrivateRedisCluster | undefined
  let client: Cluster
  let send: Send
  /** One raw sender per master, in the order of their ports. */
  let masters: Send[]

  beforeAll(async () => {
    cluster = await PrivateRedisCluster.start(3)
    client = new Cluster(cluster.nodes, { lazyConnect: true, redisOptions: { maxRetriesPerRequest: 1 } })
    await client.connect()
    send = (args) => client.call(args[0] as string, ...args.slice(1))
    const nodes = client.nodes('master')
    expect(nodes).toHaveLength(3)
    masters = nodes.map((node) => (args: string[]) => node.call(args[0] as string, ...args.slice(1)))
  }, 30_000)

  afterAll(async () => {
    // Quit first: killed servers would otherwise send the client into reconnect attempts.
    await client?.quit().catch(() => client.disconnect())
    await cluster?.dispose()
  })

  /** Every key starting with `prefix`, per master (SCAN only sees the node it is sent to). */
  async function keysPerMaster(prefix: string): Promise<string[][]> {
    return Promise.all(
      masters.map(async (master) => {
        const keys: string[] = []
        let cursor = '0'
        do {
          const [next, batch] = (await master(['SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', '500'])) as [string, string[]]
          cursor = String(next)
          keys.push(...batch)
        } while (cursor !== '0')
        return keys
      }),
    )
  }

  async function deleteKeys(prefix: string): Promise<void> {
    const perMaster = await keysPerMaster(prefix)
    await Promise.all(perMaster.map((keys, i) => Promise.all(keys.map((key) => (masters[i] as Send)(['UNLINK', key])))))
  }

  const newStore = (prefix: string) => new RedisStore({ client: client as unknown as RedisCommandClient, prefix, userKey: 'userId', lastSeenResolution: 0 })
  const newPrefix = () => `sk-cluster:${randomUUID().slice(0, 8)}:`

  describeStoreConformance('RedisStore on Redis Cluster (userKey)', async () => {
    const prefix = newPrefix()
    return {
      store: newStore(prefix),
      storeWithUserKey: (userKey) => new RedisStore({ client: client as unknown as RedisCommandClient, prefix, userKey, lastSeenResolution: 0 }),
      cleanup: () => deleteKeys(prefix),
      // One millisecond of life left, then past it: Redis expires the key as its time runs out.
      expire: async (id: string) => {
        await send(['PEXPIRE', `${prefix}{${id}}`, '1'])
        await new Promise((resolve) => setTimeout(resolve, 5))
      },
      corrupt: async (id: string) => void (await send(['HSET', `${prefix}{${id}}`, 'd:userId', '{not json', 'c', '[]'])),
    }
  })

  describe('on every master', () => {
    it('puts all of a session in the slot of its id, spreads sessions over all three masters, and runs its scripts on each', async () => {
      const prefix = newPrefix()
      const store = newStore(prefix)
      try {
        await Promise.all(spreadIds.map((id, i) => store.set(id, record({ n: i, userId: 'spread-user' }), MINUTE)))
        for (const id of spreadIds.slice(0, 10)) {
          // The hash tag: the key's slot is the slot of the bare id, whatever the prefix.
          expect(await send(['CLUSTER', 'KEYSLOT', `${prefix}{${id}}`])).toBe(await send(['CLUSTER', 'KEYSLOT', id]))
        }
        const perMaster = await keysPerMaster(prefix)
        const sessionsPerMaster = perMaster.map((keys) => keys.filter((key) => !key.startsWith(`${prefix}user:`)))
        expect(sessionsPerMaster.map((keys) => keys.length).every((count) => count > 0)).toBe(true)
        expect(sessionsPerMaster.flat().sort()).toEqual(spreadIds.map((id) => `${prefix}{${id}}`).sort())
        // The user index is one key, in the user's own slot: a slot other than most of its sessions'.
        expect(perMaster.flat().filter((key) => key.startsWith(`${prefix}user:`))).toHaveLength(1)
        // Every master answered at least one EVALSHA with NOSCRIPT and was sent the script by EVAL.
        for (const master of masters) expect(await master(['SCRIPT', 'EXISTS', SET_SESSION.sha])).toEqual([1])
        // Reads and partial writes reach the right master for every id.
        const loaded = await Promise.all(spreadIds.map((id) => store.load(id)))
        expect(loaded.map((session) => session?.record.n)).toEqual(spreadIds.map((_, i) => i))
        expect(await Promise.all(spreadIds.map((id) => store.update(id, { set: { seen: true }, unset: [] }, MINUTE)))).toEqual(spreadIds.map(() => true))
        expect((await store.get('spread-59'))?.seen).toBe(true)
      } finally {
        await deleteKeys(prefix)
      }
    })

    it('all, ids, length and clear see the sessions of every master, and only this store’s', async () => {
      const prefix = newPrefix()
      const other = newPrefix()
      const store = newStore(prefix)
      const neighbour = newStore(other)
      try {
        await Promise.all(spreadIds.map((id, i) => store.set(id, record({ n: i, userId: `user-${i % 4}` }), MINUTE)))
        await neighbour.set('spread-0', record({ n: -1, userId: 'user-0' }), MINUTE)
        expect((await store.ids()).sort()).toEqual([...spreadIds].sort())
        expect(await store.length()).toBe(60)
        const all = await store.all()
        expect(Object.keys(all).sort()).toEqual([...spreadIds].sort())
        expect(spreadIds.every((id, i) => all[id]?.n === i)).toBe(true)

        await store.clear()
        expect(await store.length()).toBe(0)
        // Sessions and the four user indexes are gone from every master; the neighbour store is untouched.
        expect((await keysPerMaster(prefix)).flat()).toEqual([])
        expect(await neighbour.ids()).toEqual(['spread-0'])
        expect((await neighbour.listSessionsOfUser('user-0')).map((info) => info.id)).toEqual(['spread-0'])
      } finally {
        await deleteKeys(prefix)
        await deleteKeys(other)
      }
    })

    it('scans every master even when used before the Cluster client is ready (one seed node)', async () => {
      const prefix = newPrefix()
      await Promise.all(spreadIds.map((id) => newStore(prefix).set(id, record(), MINUTE)))
      // Not awaited: while connecting the client knows only its seed, which holds about a third of the sessions.
      const fresh = new Cluster([cluster?.nodes[0] as { host: string; port: number }], { redisOptions: { maxRetriesPerRequest: 1 } })
      try {
        expect(fresh.status).not.toBe('ready')
        const early = new RedisStore({ client: fresh as unknown as RedisCommandClient, prefix })
        expect(await early.length()).toBe(60)
      } finally {
        await fresh.quit()
        await deleteKeys(prefix)
      }
    })

    it('lists and destroys one user’s sessions that live on different masters', async () => {
      const prefix = newPrefix()
      const store = newStore(prefix)
      try {
        const mine = spreadIds.slice(0, 12)
        await Promise.all(mine.map((id) => store.set(id, record({ userId: 'alice' }), MINUTE)))
        await store.set('spread-30', record({ userId: 'bob' }), MINUTE)
        const slots = new Set(await Promise.all(mine.map((id) => send(['CLUSTER', 'KEYSLOT', id]))))
        expect(slots.size).toBeGreaterThan(1)
        expect((await store.listSessionsOfUser('alice')).map((info) => info.id).sort()).toEqual([...mine].sort())
        await store.destroy('spread-1')
        expect((await store.listSessionsOfUser('alice')).map((info) => info.id)).not.toContain('spread-1')
        expect(await store.destroySessionsOfUser('alice', { except: 'spread-0' })).toBe(10)
        expect((await store.ids()).sort()).toEqual(['spread-0', 'spread-30'])
        expect((await store.listSessionsOfUser('bob')).map((info) => info.id)).toEqual(['spread-30'])
      } finally {
        await deleteKeys(prefix)
      }
    })
  })

  describe('under sessionkit/express (Express 5)', () => {
    it('logs in, counts and logs out, six browsers at once (their random ids land on any master)', async () => {
      const prefix = newPrefix()
      const store = newStore(prefix)
      const app = express()
      app.use(express.json())
      app.use(session({ secret: 'cluster secret', resave: false, saveUninitialized: false, store, cookie: { maxAge: MINUTE } }))
      app.post('/login', async (req, res) => {
        await req.session.regenerate()
        req.session.userId = (req.body as { user: string }).user
        res.send('ok')
      })
      app.post('/count', (req, res) => {
        req.session.count = ((req.session.count as number | undefined) ?? 0) + 1
        res.send(String(req.session.count))
      })
      app.get('/me', (req, res) => void res.json({ user: req.session.userId ?? null, count: req.session.count ?? 0 }))
      app.post('/logout', async (req, res) => {
        await req.session.destroy()
        res.send('bye')
      })

      try {
        const users = ['ann', 'ben', 'cat', 'dan', 'eve', 'fay']
        const agents = users.map(() => request.agent(app))
        await Promise.all(agents.map(async (agent, i) => expect((await agent.post('/login').send({ user: users[i] })).status).toBe(200)))
        for (let round = 1; round <= 3; round++) {
          const counts = await Promise.all(agents.map(async (agent) => (await agent.post('/count')).text))
          expect(counts).toEqual(users.map(() => String(round)))
        }
        expect(await Promise.all(agents.map(async (agent) => (await agent.get('/me')).body))).toEqual(users.map((user) => ({ user, count: 3 })))
        expect(await store.length()).toBe(6)
        for (const user of users) expect(await store.listSessionsOfUser(user)).toHaveLength(1)
        const sessionKeys = (await keysPerMaster(prefix)).map((keys) => keys.filter((key) => !key.startsWith(`${prefix}user:`)).length)
        expect(sessionKeys.reduce((a, b) => a + b)).toBe(6)

        await Promise.all(agents.map(async (agent) => expect((await agent.post('/logout')).text).toBe('bye')))
        expect(await Promise.all(agents.map(async (agent) => (await agent.get('/me')).body))).toEqual(users.map(() => ({ user: null, count: 0 })))
        expect(await store.length()).toBe(0)
        for (const user of users) expect(await store.listSessionsOfUser(user)).toEqual([])
      } finally {
        await deleteKeys(prefix)
      }
    })
  })
})
