export { RedisStore, createRedisStore } from '../lib/stores/redis/redis-store.js'
export type { RedisStoreOptions } from '../lib/stores/redis/redis-store-options.js'
export type { IoredisCommandClient, NodeRedisCommandClient, RedisCommandClient } from '../lib/stores/redis/redis-command-sender.js'
