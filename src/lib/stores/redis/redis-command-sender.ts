import { describeValue, invalidOptionError } from '../../core/errors.js'

/**
 * The part of node-redis (v4, v5, v6) a {@link RedisStore} uses: sending one raw command as an array of strings.
 * `createClient()` from `redis` returns it.
 */
export interface NodeRedisCommandClient {
  sendCommand(args: string[]): Promise<unknown>
}

/** The part of ioredis a {@link RedisStore} uses: sending one raw command. `new Redis()` from `ioredis` returns it. */
export interface IoredisCommandClient {
  call(command: string, ...args: string[]): Promise<unknown>
}

/**
 * A Redis client the application created and connected: node-redis or ioredis, recognised by shape.
 * The store never connects, quits or configures it.
 */
export type RedisCommandClient = NodeRedisCommandClient | IoredisCommandClient

/** Sends one raw command (`['HGETALL', key]`) and resolves to the server's reply. */
export type SendRedisCommand = (args: string[]) => Promise<unknown>

function hasMethod(value: object, name: string): boolean {
  return typeof (value as Record<string, unknown>)[name] === 'function'
}

/**
 * The one function every command of the store goes through, whichever client it is given: raw commands behave
 * the same on every client and version (no reply transformers, no per-version command helpers).
 * The client's method is looked up on every call, so a wrapper installed later (metrics, tracing) still sees them.
 */
export function redisCommandSenderOf(client: unknown): SendRedisCommand {
  if (typeof client !== 'object' || client === null) {
    throw invalidOptionError('client', client, 'Pass a connected node-redis client (createClient() from "redis") or an ioredis client (new Redis()).')
  }
  // ioredis first: its instances also have a sendCommand, which takes a Command object rather than an array.
  if (hasMethod(client, 'call')) {
    const ioredis = client as IoredisCommandClient
    return async (args) => ioredis.call(args[0] as string, ...args.slice(1))
  }
  // A node-redis cluster's sendCommand(firstKey, isReadonly, args) would silently misroute our arrays.
  if (hasMethod(client, 'nodeClient')) {
    throw new TypeError(
      'sessionkit: option client is invalid: a node-redis cluster client is not supported. Pass an ioredis Cluster ' +
        '(new Redis.Cluster([...])) or a node-redis client connected to one node; see "Cluster" in docs/stores/redis.md.',
    )
  }
  if (hasMethod(client, 'sendCommand')) {
    const nodeRedis = client as NodeRedisCommandClient
    return async (args) => nodeRedis.sendCommand(args)
  }
  throw new TypeError(
    `sessionkit: option client is invalid: ${describeValue(client)} has neither sendCommand() (node-redis) nor call() (ioredis). ` +
      'Pass a connected node-redis or ioredis client; a node-redis cluster or pool object is not supported, see docs/stores/redis.md.',
  )
}

/** An ioredis Cluster: commands route by key, and `nodes('master')` gives one client per shard once it is ready. */
interface IoredisClusterShape {
  call(command: string, ...args: string[]): Promise<unknown>
  nodes(role: 'master'): IoredisCommandClient[]
  readonly status: string
}

function isIoredisCluster(client: unknown): client is IoredisClusterShape {
  if (typeof client !== 'object' || client === null) return false
  return (client as { isCluster?: unknown }).isCluster === true && hasMethod(client, 'call') && hasMethod(client, 'nodes')
}

/**
 * The servers a key scan must visit: every master of an ioredis Cluster (SCAN only sees the keys of the node
 * it reaches), else the one server behind `send`. Asked again for every scan, as shards come and go.
 */
export function redisScanSendersOf(client: unknown, send: SendRedisCommand): () => Promise<SendRedisCommand[]> {
  if (!isIoredisCluster(client)) return async () => [send]
  return async () => {
    // Until the cluster is ready it knows only its seed nodes (or none), and a scan of those would silently miss
    // the other shards' sessions: a command through the cluster waits for it to be ready (or fails, as the
    // client is configured to while offline).
    if (client.status !== 'ready') await send(['PING'])
    return client.nodes('master').map((node) => async (args: string[]) => node.call(args[0] as string, ...args.slice(1)))
  }
}
