import { describe, expect, it } from 'vitest'
import { RedisStore, createRedisStore } from '../../../../src/stores/redis.ts'

const client = { sendCommand: async () => null }

describe('RedisStore options', () => {
  it.each([
    { option: 'client', options: {}, message: /^sessionkit: option client is invalid: undefined\. Pass a connected node-redis or ioredis client/ },
    { option: 'client', options: { client: 'redis://localhost' }, message: /^sessionkit: option client is invalid: "redis:\/\/localhost"/ },
    { option: 'client', options: { client: {} }, message: /^sessionkit: option client is invalid: object Object has neither sendCommand\(\) \(node-redis\) nor call\(\) \(ioredis\)/ },
    { option: 'client', options: { client: { sendCommand: async () => null, nodeClient: () => null } }, message: /^sessionkit: option client is invalid: a node-redis cluster client is not supported/ },
    { option: 'prefix', options: { client, prefix: 'a{b}' }, message: /^sessionkit: option prefix is invalid: "a\{b\}"\. .*hash tags/ },
    { option: 'prefix', options: { client, prefix: 5 }, message: /^sessionkit: option prefix is invalid: 5\./ },
    { option: 'ttl', options: { client, ttl: 0 }, message: /^sessionkit: option ttl is invalid: 0\. Pass a positive number of milliseconds/ },
    { option: 'ttl', options: { client, ttl: Number.NaN }, message: /^sessionkit: option ttl is invalid: NaN/ },
    { option: 'ttl', options: { client, ttl: '1d' }, message: /^sessionkit: option ttl is invalid: "1d"/ },
    { option: 'scanCount', options: { client, scanCount: 1.5 }, message: /^sessionkit: option scanCount is invalid: 1\.5/ },
    { option: 'userKey', options: { client, userKey: '' }, message: /^sessionkit: option userKey is invalid: ""/ },
    { option: 'disableTTL', options: { client, disableTTL: 'yes' }, message: /^sessionkit: option disableTTL is invalid: "yes"/ },
    { option: 'disableTouch', options: { client, disableTouch: 1 }, message: /^sessionkit: option disableTouch is invalid: 1/ },
  ])('rejects a bad $option at construction: $message', ({ options, message }) => {
    expect(() => new RedisStore(options as never)).toThrow(TypeError)
    expect(() => createRedisStore(options as never)).toThrow(message)
  })

  it('recognises ioredis by call() even though it also has sendCommand()', async () => {
    const sent: unknown[][] = []
    const ioredisLike = {
      call: async (...args: unknown[]) => void sent.push(args),
      sendCommand: () => {
        throw new Error('ioredis sendCommand takes a Command object')
      },
    }
    await new RedisStore({ client: ioredisLike }).destroy('abc')
    expect(sent).toEqual([['DEL', 'sess:{abc}']])
  })

  it('takes a prefix with glob characters and an empty prefix', () => {
    expect(new RedisStore({ client, prefix: '' }).prefix).toBe('')
    expect(new RedisStore({ client, prefix: 'a*[b]?' }).prefix).toBe('a*[b]?')
  })
})
