import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { createClient as createNodeRedisClient } from 'redis'
import { createClient as createNodeRedis4Client } from 'redis4'
import { afterAll, beforeAll } from 'vitest'
import { redisUrl } from '../../../support/services.ts'
import type { RedisCommandClient } from '../../../../src/stores/redis.ts'

/** The three clients the Redis store is proven on, each against the real server. */
export const clientKinds = [{ kind: 'node-redis v6' }, { kind: 'node-redis v4' }, { kind: 'ioredis v6' }] as const
export type ClientKind = (typeof clientKinds)[number]['kind']

/** A connected client, the commands sent through it so far, and how to close it. */
export interface CountedClient {
  client: RedisCommandClient
  /** Every command sent through the store's one entry point (sendCommand / call), in order. */
  commands: string[][]
  quit(): Promise<void>
}

/**
 * Connects a real client of `kind` and wraps the one method the store sends through, recording each command:
 * round trips are counted on the real client, not on a mock.
 */
export async function connectCountedClient(kind: ClientKind): Promise<CountedClient> {
  const commands: string[][] = []
  if (kind === 'ioredis v6') {
    const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 })
    await client.connect()
    const call = client.call.bind(client) as (command: string, ...args: string[]) => Promise<unknown>
    Object.assign(client, {
      call: (command: string, ...args: string[]) => {
        commands.push([command, ...args])
        return call(command, ...args)
      },
    })
    return { client: client as unknown as RedisCommandClient, commands, quit: async () => void (await client.quit()) }
  }
  const client = kind === 'node-redis v6' ? createNodeRedisClient({ url: redisUrl }) : createNodeRedis4Client({ url: redisUrl })
  await client.connect()
  const sendCommand = client.sendCommand.bind(client) as (args: string[]) => Promise<unknown>
  Object.assign(client, {
    sendCommand: (args: string[]) => {
      commands.push([...args])
      return sendCommand(args)
    },
  })
  return { client: client as unknown as RedisCommandClient, commands, quit: async () => void (await client.quit()) }
}

/** The client a describe block shares, valid once its `beforeAll` has run: see {@link connectCountedClientForSuite}. */
export interface SuiteClient {
  /** The connected client. */
  readonly client: RedisCommandClient
  /** Every command sent through the client so far, in order. */
  readonly commands: string[][]
  /** Sends a raw command (for test setup and assertions). */
  send(args: string[]): Promise<unknown>
}

/**
 * Registers, in the calling describe block, a `beforeAll` that connects a counted client of `kind` and an
 * `afterAll` that deletes every key starting with `cleanupPrefix` and quits. The returned object reads the
 * client connected for the block, so use it inside tests and later hooks only.
 */
export function connectCountedClientForSuite(kind: ClientKind, cleanupPrefix: string): SuiteClient {
  let connection: CountedClient | undefined
  const connected = (): CountedClient => {
    if (!connection) throw new Error(`redis-clients: the ${kind} client is used before its beforeAll connected it`)
    return connection
  }
  beforeAll(async () => {
    connection = await connectCountedClient(kind)
  })
  afterAll(async () => {
    if (!connection) return
    await deleteKeysWithPrefix(connection, cleanupPrefix)
    await connection.quit()
  })
  return {
    get client() {
      return connected().client
    },
    get commands() {
      return connected().commands
    },
    send: (args) => sendOf(connected().client)(args),
  }
}

/** A prefix no other test file uses. */
export function uniquePrefix(name: string): string {
  return `sk-test:${name}:${randomUUID().slice(0, 8)}:`
}

/** Deletes every key starting with `prefix` (test cleanup), through a raw client. */
export async function deleteKeysWithPrefix(client: CountedClient, prefix: string): Promise<void> {
  const send = sendOf(client.client)
  let cursor = '0'
  do {
    const [next, keys] = (await send(['SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', '500'])) as [string, string[]]
    cursor = String(next)
    for (const key of keys) await send(['UNLINK', key])
  } while (cursor !== '0')
}

/** Sends a raw command through a client of either kind (for test setup and assertions). */
export function sendOf(client: RedisCommandClient): (args: string[]) => Promise<unknown> {
  if ('call' in client) return (args) => client.call(args[0] as string, ...args.slice(1))
  return (args) => client.sendCommand(args)
}
