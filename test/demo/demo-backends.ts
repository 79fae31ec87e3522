// The places the demo keeps sessions and accounts (STORE=memory|sqlite|redis|postgres), each opened for one test
// file in its own namespace (a temp folder, a Redis key prefix, PostgreSQL table names) and removed afterwards.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createClient } from 'redis'
import { createDemoStore, type DemoStore } from '../../examples/demo/demo-store.js'
import { databaseUrl, postgresAvailable, redisAvailable, redisUrl } from '../support/services.ts'

export interface DemoBackend {
  kind: 'memory' | 'sqlite' | 'redis' | 'postgres'
  /** False when its server is down (services.ts has said so loudly; under CI it throws instead). */
  available: boolean
}

const [redisUp, postgresUp] = await Promise.all([redisAvailable(), postgresAvailable()])

export const demoBackends: DemoBackend[] = [
  { kind: 'memory', available: true },
  { kind: 'sqlite', available: true },
  { kind: 'redis', available: redisUp },
  { kind: 'postgres', available: postgresUp },
]

/** An opened demo store and how to remove everything it wrote. */
export interface OpenedDemoStore extends DemoStore {
  /** Closes the store and deletes its folder, keys or tables. */
  remove(): Promise<void>
}

/** Opens the demo's store of `kind` in a namespace of its own. */
export async function openDemoStore(kind: DemoBackend['kind']): Promise<OpenedDemoStore> {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`
  switch (kind) {
    case 'memory': {
      const opened = await createDemoStore('memory')
      return { ...opened, remove: () => opened.close() }
    }
    case 'sqlite': {
      const dataDirectory = await mkdtemp(join(tmpdir(), 'sessionkit-demo-'))
      const opened = await createDemoStore('sqlite', { dataDirectory })
      return { ...opened, remove: async () => (await opened.close(), await rm(dataDirectory, { recursive: true, force: true })) }
    }
    case 'redis': {
      const namespace = `sessionkit-demo-test-${suffix}`
      const opened = await createDemoStore('redis', { namespace })
      return { ...opened, remove: async () => (await opened.close(), await deleteRedisKeys(`${namespace}:`)) }
    }
    case 'postgres': {
      const namespace = `sessionkit_demo_test_${suffix}`
      const opened = await createDemoStore('postgres', { namespace })
      return { ...opened, remove: async () => (await opened.close(), await dropPostgresTables([`${namespace}_sessions`, `${namespace}_users`])) }
    }
  }
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const client = createClient({ url: redisUrl })
  await client.connect()
  try {
    const keys: string[] = []
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) keys.push(...batch)
    if (keys.length > 0) await client.del(keys)
  } finally {
    await client.quit()
  }
}

async function dropPostgresTables(tables: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    for (const table of tables) await client.query(`DROP TABLE IF EXISTS "${table}"`)
  } finally {
    await client.end()
  }
}
