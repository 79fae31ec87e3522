import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisStore } from '../../../../src/stores/redis.ts'
import { redisAvailable } from '../../../support/services.ts'
import { clientKinds, connectCountedClient, deleteKeysWithPrefix, sendOf, uniquePrefix, type CountedClient } from './redis-clients.ts'

const up = await redisAvailable()

describe.skipIf(!up).each(clientKinds)('RedisStore round trips on $kind (commands counted on the real client)', ({ kind }) => {
  let connection: CountedClient
  let store: RedisStore
  const prefix = uniquePrefix(`trips-${kind.replace(/\W/g, '')}`)

  beforeAll(async () => {
    connection = await connectCountedClient(kind)
    store = new RedisStore({ client: connection.client, prefix, userKey: 'userId' })
    // The first run of each script is an EVAL (which caches it): warm every script once.
    await store.set('warm', { userId: 'u', n: 1 })
    await store.load('warm')
    await store.update('warm', { set: { n: 2 }, unset: [] })
    await store.touch('warm', { n: 2 })
  })
  afterAll(async () => {
    await deleteKeysWithPrefix(connection, prefix)
    await connection.quit()
  })

  async function commandsOf(operation: () => Promise<unknown>): Promise<string[]> {
    connection.commands.length = 0
    await operation()
    return connection.commands.map((command) => command[0] as string)
  }

  it.each([
    { operation: 'get', run: (s: RedisStore) => s.get('a'), expected: ['HGETALL'] },
    { operation: 'load', run: (s: RedisStore) => s.load('a'), expected: ['EVALSHA'] },
    { operation: 'load of a missing session', run: (s: RedisStore) => s.load('missing'), expected: ['EVALSHA'] },
    { operation: 'update (user unchanged)', run: (s: RedisStore) => s.update('a', { set: { n: 3 }, unset: ['x'], flashAdd: [{ type: 'info', message: 'm' }] }), expected: ['EVALSHA'] },
    { operation: 'update (user changed: + one pipelined index write)', run: (s: RedisStore) => s.update('a', { set: { userId: 'bob' }, unset: [] }), expected: ['EVALSHA', 'EVALSHA'] },
    { operation: 'set without a user', run: (s: RedisStore) => s.set('b', { n: 1 }), expected: ['EVALSHA'] },
    { operation: 'set with a user (+ one pipelined index write)', run: (s: RedisStore) => s.set('a', { userId: 'alice', n: 1 }), expected: ['EVALSHA', 'EVALSHA'] },
    { operation: 'touch', run: (s: RedisStore) => s.touch('a', { n: 1 }), expected: ['EVALSHA'] },
    { operation: 'destroy', run: (s: RedisStore) => s.destroy('b'), expected: ['DEL'] },
  ])('$operation: $expected', async ({ run, expected }) => {
    await store.set('a', { userId: 'alice', n: 1 })
    expect(await commandsOf(() => run(store))).toEqual(expected)
  })

  it('an index write is pipelined: sent before the session write answers', async () => {
    await store.set('a', { userId: 'alice', n: 1 })
    const sendCount: number[] = []
    connection.commands.length = 0
    const pending = store.set('a', { userId: 'carol', n: 1 })
    sendCount.push(connection.commands.length)
    await pending
    expect(sendCount).toEqual([2])
  })

  it('when the server has lost a script (restart, failover, SCRIPT FLUSH) it is re-sent once with EVAL, then EVALSHA again', async () => {
    // SCRIPT FLUSH would disturb other suites on the shared server: the server's NOSCRIPT answer is imitated instead.
    const real = sendOf(connection.client)
    const commands: string[] = []
    let lost = true
    const client = {
      sendCommand: async (args: string[]) => {
        commands.push(args[0] as string)
        if (args[0] === 'EVALSHA' && lost) {
          lost = false
          throw new Error('NOSCRIPT No matching script. Please use EVAL.')
        }
        return real(args)
      },
    }
    const s = new RedisStore({ client, prefix })
    await s.set('c', { n: 1 })
    await s.load('c')
    commands.length = 0
    expect((await s.load('c'))?.record).toEqual({ n: 1 })
    expect(commands).toEqual(['EVALSHA', 'EVAL'])
    commands.length = 0
    await s.load('c')
    expect(commands).toEqual(['EVALSHA'])
  })

  it('a fresh store runs each script with EVAL the first time: one command still', async () => {
    const fresh = new RedisStore({ client: connection.client, prefix })
    expect(await commandsOf(() => fresh.load('a'))).toEqual(['EVAL'])
    expect(await commandsOf(() => fresh.load('a'))).toEqual(['EVALSHA'])
  })
})
