// The store comparisons: sessionkit with its own Redis / PostgreSQL store against express-session with the store
// express-session apps use (connect-redis, connect-pg-simple), on the same app, routes and server.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from 'redis'
import pg from 'pg'

// Read when used: the parent sets REDIS_URL to its private redis-server before it starts the children.
const redisUrl = () => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test'

/**
 * Each pair: the peer first (none for the embedded stores, which express-session's ecosystem has no common
 * equivalent of), then sessionkit; `commands` says how store round trips are counted.
 */
export const STORE_PAIRS = [
  { store: 'redis', peer: 'express-session+connect-redis', ours: 'sessionkit+redis', commands: 'Redis commands the app sent' },
  { store: 'postgres', peer: 'express-session+connect-pg-simple', ours: 'sessionkit+postgres', commands: 'statements the pool sent' },
  { store: 'sqlite', peer: undefined, ours: 'sessionkit+sqlite', commands: undefined },
  { store: 'fs', peer: undefined, ours: 'sessionkit+fs', commands: undefined },
]

const REDIS_PREFIX = 'sessionkit-bench:'
const PG_TABLES = { 'express-session+connect-pg-simple': 'sessionkit_bench_connect_pg_simple', 'sessionkit+postgres': 'sessionkit_bench_sessions' }

/** The middleware half of a store variant's name: `express-session` or `sessionkit`. */
export const middlewareOf = (variant) => variant.split('+')[0]

/**
 * Creates the store of a store variant, emptied, in the server child. `counters.commands` counts the store
 * commands the app sends — Redis commands, PostgreSQL statements — which the child reports per window.
 */
export async function createVariantStore(variant, counters) {
  switch (variant) {
    case 'express-session+connect-redis':
    case 'sessionkit+redis': {
      const client = createClient({ url: redisUrl() })
      await client.connect()
      // Commands the app sends (round trips, pipelining aside): sessionkit's store sends everything through
      // sendCommand, connect-redis through these command methods (node-redis does not route one through another).
      for (const method of ['sendCommand', 'get', 'set', 'expire', 'del', 'mGet', 'scan']) {
        const original = client[method].bind(client)
        client[method] = (...args) => {
          counters.commands++
          return original(...args)
        }
      }
      const prefix = `${REDIS_PREFIX}${variant}:`
      for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) if (keys.length) await client.del(keys)
      const store =
        variant === 'sessionkit+redis'
          ? new (await import('../../dist/stores/redis.js')).RedisStore({ client, prefix })
          : new (await import('connect-redis')).RedisStore({ client, prefix })
      return { store, close: () => client.quit() }
    }
    case 'express-session+connect-pg-simple':
    case 'sessionkit+postgres': {
      const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 })
      const tableName = PG_TABLES[variant]
      await pool.query(`DROP TABLE IF EXISTS "${tableName}"`)
      const query = pool.query.bind(pool)
      pool.query = (...args) => {
        counters.commands++
        return query(...args)
      }
      let store
      if (variant === 'sessionkit+postgres') {
        store = new (await import('../../dist/stores/postgres.js')).PostgresStore({ pool, tableName, createTable: true })
      } else {
        const connectPgSimple = (await import('connect-pg-simple')).default
        const expressSession = (await import('express-session')).default
        // connect-pg-simple's own table.sql, with constraint names of this table (its createTableIfMissing names
        // the key session_pkey whatever the table, which collides with any other connect-pg-simple table).
        await pool.query(
          `CREATE TABLE "${tableName}" ("sid" varchar NOT NULL COLLATE "default", "sess" json NOT NULL, "expire" timestamp(6) NOT NULL, ` +
            `CONSTRAINT "${tableName}_pkey" PRIMARY KEY ("sid")); CREATE INDEX "${tableName}_expire" ON "${tableName}" ("expire")`,
        )
        store = new (connectPgSimple(expressSession))({ pool, tableName })
      }
      return {
        store,
        close: async () => {
          await store.close?.()
          await pool.query(`DROP TABLE IF EXISTS "${tableName}"`)
          await pool.end()
        },
      }
    }
    case 'sessionkit+sqlite':
    case 'sessionkit+fs': {
      const dir = mkdtempSync(join(tmpdir(), 'sessionkit-bench-'))
      const store =
        variant === 'sessionkit+sqlite'
          ? new (await import('../../dist/stores/sqlite.js')).SqliteStore({ path: join(dir, 'sessions.db') })
          : new (await import('../../dist/stores/fs.js')).FsStore({ directory: join(dir, 'sessions') })
      return {
        store,
        close: async () => {
          await store.close()
          rmSync(dir, { recursive: true, force: true })
        },
      }
    }
    default:
      return undefined
  }
}

/** Redis's own count of the commands it has run since its stats were reset (INFO commandstats). */
export async function redisCommandCount(client) {
  const info = await client.info('commandstats')
  let calls = 0
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    if (match[1] !== 'info') calls += Number(match[2])
  }
  return calls
}

/** A client the parent uses only to read Redis's command statistics. */
export async function connectRedisStats() {
  const client = createClient({ url: redisUrl() })
  await client.connect()
  return client
}
