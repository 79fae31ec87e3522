// The demo's session store, chosen by STORE: sqlite (the default: a file under examples/demo/data, so you stay
// logged in across restarts, no server needed), memory, redis (REDIS_URL) or postgres (DATABASE_URL).
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const DATA_DIRECTORY = fileURLToPath(new URL('./data/', import.meta.url))
export const STORES = ['sqlite', 'memory', 'redis', 'postgres']

/**
 * @param {string} [kind]
 * @returns {Promise<{ store: import('sessionkit').SessionStore | undefined, describe: string, close: () => Promise<void> }>}
 */
export async function createDemoStore(kind = 'sqlite') {
  switch (kind) {
    case 'sqlite': {
      mkdirSync(DATA_DIRECTORY, { recursive: true })
      const path = `${DATA_DIRECTORY}sessions.db`
      const { SqliteStore } = await import('sessionkit/stores/sqlite')
      const store = new SqliteStore({ path, userKey: 'user' })
      return { store, describe: `SQLite (${path})`, close: () => store.close() }
    }
    case 'memory':
      return { store: undefined, describe: 'memory (sessions end with the process)', close: async () => {} }
    case 'redis': {
      const { createClient } = await import('redis')
      const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
      const client = createClient({ url })
      await client.connect()
      const { RedisStore } = await import('sessionkit/stores/redis')
      return { store: new RedisStore({ client, prefix: 'sessionkit-demo:', userKey: 'user' }), describe: `Redis (${url})`, close: async () => void (await client.quit()) }
    }
    case 'postgres': {
      const pg = (await import('pg')).default
      const connectionString = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test'
      const pool = new pg.Pool({ connectionString })
      const { PostgresStore } = await import('sessionkit/stores/postgres')
      const store = new PostgresStore({ pool, tableName: 'sessionkit_demo_sessions', createTable: true, userKey: 'user' })
      return { store, describe: `PostgreSQL (${connectionString})`, close: async () => (await store.close(), await pool.end()) }
    }
    default:
      throw new Error(`STORE=${kind} is not a demo store; use one of ${STORES.join(', ')}`)
  }
}
