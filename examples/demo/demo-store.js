// Where the demo keeps sessions and accounts, chosen by STORE:
// - sqlite (the default): one file, <data directory>/sessions.db, with the sessions and a users table, so you
//   stay logged in across restarts with no server to run;
// - memory: both in this process (gone when it stops);
// - redis (REDIS_URL): sessions and users under the key prefix `sessionkit-demo:`;
// - postgres (DATABASE_URL): the tables sessionkit_demo_sessions and sessionkit_demo_users.
// Every session store indexes sessions by user (userKey: sessionUserId) for the devices page.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createMemoryStore } from 'sessionkit'
import { sessionUserId } from './session-user.js'
import { createMemoryUsers } from './users/memory-users.js'

export const STORES = ['sqlite', 'memory', 'redis', 'postgres']
export const DEFAULT_DATA_DIRECTORY = fileURLToPath(new URL('./data/', import.meta.url))

/**
 * @typedef {object} DemoStore
 * @property {import('./routes/device-routes.js').PerUserStore & import('sessionkit').SessionStore} store  the session store
 * @property {import('./users/user-directory.js').UserDirectory} users  the accounts, beside the sessions
 * @property {string} describe  where both are, for the startup line
 * @property {() => Promise<void>} close  closes the store and the connection or file it opened
 */

/**
 * @typedef {object} DemoStoreOptions
 * @property {string} [dataDirectory]  for sqlite: the folder of sessions.db; default examples/demo/data (DEMO_DATA_DIR in server.js)
 * @property {string} [namespace]  for redis and postgres: the key prefix and table name prefix; default 'sessionkit-demo' / 'sessionkit_demo'
 */

/**
 * @param {string} [kind]  one of {@link STORES}; default 'sqlite'
 * @param {DemoStoreOptions} [options]
 * @returns {Promise<DemoStore>}
 */
export async function createDemoStore(kind = 'sqlite', options = {}) {
  switch (kind) {
    case 'sqlite': {
      const directory = options.dataDirectory ?? DEFAULT_DATA_DIRECTORY
      mkdirSync(directory, { recursive: true })
      const path = join(directory, 'sessions.db')
      const Database = (await import('better-sqlite3')).default
      const { SqliteStore } = await import('sessionkit/stores/sqlite')
      const { createSqliteUsers } = await import('./users/sqlite-users.js')
      // The demo opens the file itself so the users table lives in it too; the store then leaves closing to us.
      const database = new Database(path)
      database.pragma('busy_timeout = 1000')
      const store = new SqliteStore({ database, userKey: sessionUserId })
      const users = createSqliteUsers(database)
      return { store, users, describe: `SQLite (${path})`, close: async () => void (await store.close(), database.close()) }
    }
    case 'memory': {
      const store = createMemoryStore({ userKey: sessionUserId })
      return { store, users: createMemoryUsers(), describe: 'memory (sessions and accounts end with the process)', close: () => store.close() }
    }
    case 'redis': {
      const { createClient } = await import('redis')
      const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
      const client = createClient({ url })
      await client.connect()
      const prefix = `${options.namespace ?? 'sessionkit-demo'}:`
      const { RedisStore } = await import('sessionkit/stores/redis')
      const { createRedisUsers } = await import('./users/redis-users.js')
      const store = new RedisStore({ client, prefix, userKey: sessionUserId })
      return { store, users: createRedisUsers(client, prefix), describe: `Redis (${url}, keys ${prefix}*)`, close: async () => void (await client.quit()) }
    }
    case 'postgres': {
      const pg = (await import('pg')).default
      const connectionString = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test'
      const pool = new pg.Pool({ connectionString })
      const namespace = options.namespace ?? 'sessionkit_demo'
      const { PostgresStore } = await import('sessionkit/stores/postgres')
      const { createPostgresUsers } = await import('./users/postgres-users.js')
      try {
        const store = new PostgresStore({ pool, tableName: `${namespace}_sessions`, createTable: true, userKey: sessionUserId })
        const users = await createPostgresUsers(pool, `${namespace}_users`)
        return { store, users, describe: `PostgreSQL (${connectionString}, tables ${namespace}_*)`, close: async () => (await store.close(), await pool.end()) }
      } catch (err) {
        await pool.end()
        throw err
      }
    }
    default:
      throw new Error(`sessionkit: STORE=${kind} is not a demo store; use one of ${STORES.join(', ')}.`)
  }
}
