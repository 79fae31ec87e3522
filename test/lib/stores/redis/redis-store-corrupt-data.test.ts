import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import createDebug from 'debug'
import { RedisStore } from '../../../../src/stores/redis.ts'
import { redisAvailable } from '../../../support/services.ts'
import { clientKinds, connectCountedClient, deleteKeysWithPrefix, sendOf, uniquePrefix, type CountedClient } from './redis-clients.ts'

const up = await redisAvailable()

describe.skipIf(!up).each(clientKinds)('RedisStore with corrupt stored data on $kind', ({ kind }) => {
  let connection: CountedClient
  let send: (args: string[]) => Promise<unknown>
  let store: RedisStore
  const prefix = uniquePrefix(`corrupt-${kind.replace(/\W/g, '')}`)

  beforeAll(async () => {
    connection = await connectCountedClient(kind)
    send = sendOf(connection.client)
    store = new RedisStore({ client: connection.client, prefix })
  })
  afterAll(async () => {
    await deleteKeysWithPrefix(connection, prefix)
    await connection.quit()
  })

  it.each([
    { case: 'a string at the session key', write: (key: string) => ['SET', key, '{"a":1}'] },
    { case: 'a list at the session key', write: (key: string) => ['RPUSH', key, 'x'] },
    { case: 'a field that is not JSON', write: (key: string) => ['HSET', key, 'd:a', '{oops', 'm:created', '1'] },
    { case: 'a cookie that is not an object', write: (key: string) => ['HSET', key, 'c', '"x"'] },
    { case: 'a flash entry without a type', write: (key: string) => ['HSET', key, 'f:1', '{"message":"x"}'] },
  ])('$case: get and load resolve undefined, logged without the raw id', async ({ write }) => {
    const id = `corrupt-${Math.random().toString(36).slice(2)}`
    await send(write(`${prefix}{${id}}`))
    const logged: string[] = []
    const log = createDebug.log
    createDebug.enable('sessionkit')
    createDebug.log = (...args: unknown[]) => void logged.push(args.map(String).join(' '))
    try {
      expect(await store.get(id)).toBeUndefined()
      expect(await store.load(id)).toBeUndefined()
    } finally {
      createDebug.log = log
      createDebug.disable()
    }
    expect(logged.length).toBeGreaterThanOrEqual(2)
    expect(logged.join('\n')).not.toContain(id)
    expect(logged.join('\n')).toMatch(/treated as no session/)
  })

  it('update and touch treat a key of another type as no session, and set replaces it', async () => {
    const id = 'wrong-type'
    await send(['SET', `${prefix}{${id}}`, 'x'])
    expect(await store.update(id, { set: { a: 1 }, unset: [] })).toBe(false)
    await store.touch(id, { a: 1 })
    expect(await send(['GET', `${prefix}{${id}}`])).toBe('x')
    await store.set(id, { a: 2 })
    expect(await store.get(id)).toEqual({ a: 2 })
  })
})
