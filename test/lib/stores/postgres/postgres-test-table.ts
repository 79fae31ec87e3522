import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { databaseUrl } from '../../../support/services.ts'
import type { PostgresQueryable, PostgresStoreOptions } from '../../../../src/lib/stores/postgres/postgres-store-options.ts'
import { PostgresStore } from '../../../../src/lib/stores/postgres/postgres-store.ts'

/** A table name no other test file uses, so files running in parallel never collide. */
export function uniqueTableName(label: string): string {
  return `sk_test_${label}_${randomBytes(4).toString('hex')}`
}

/** A pool on the test database; the caller ends it. */
export function testPool(max = 6): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max })
}

/** The pool with every query it sends recorded, to count round trips per operation. */
export function countingPool(pool: PostgresQueryable): { pool: PostgresQueryable; queries: string[] } {
  const queries: string[] = []
  return {
    queries,
    pool: {
      query(text, values) {
        queries.push(text)
        return pool.query(text, values)
      },
    },
  }
}

/** `expires_at - last_seen_at` of a row, in milliseconds: the lifetime its last write gave it, exactly. */
export async function lifetimeOf(pool: pg.Pool, table: string, id: string): Promise<number | undefined> {
  const { rows } = await pool.query<{ ms: number }>(`SELECT (extract(epoch FROM expires_at - last_seen_at) * 1000)::float8 AS ms FROM "${table}" WHERE id = $1`, [id])
  return rows[0]?.ms
}

/** A PostgresStore on its own new table and pool of `poolSize` (no pruning timer), both, and how to drop them afterwards. */
export function createTestPostgresStore(
  label: string,
  options: Partial<PostgresStoreOptions> = {},
  poolSize?: number,
): { store: PostgresStore; pool: pg.Pool; tableName: string; cleanup: () => Promise<void> } {
  const pool = testPool(poolSize)
  const tableName = uniqueTableName(label)
  const store = new PostgresStore({ pool, tableName, createTable: true, pruneInterval: false, ...options })
  return {
    store,
    pool,
    tableName,
    cleanup: async () => {
      await store.close()
      await pool.query(`DROP TABLE IF EXISTS "${tableName}"`)
      await pool.end()
    },
  }
}

/**
 * For one describe block: a pool shared by its tests, and a store per test on a new table of its own whose pool
 * records every statement sent (`queries`). The tables are dropped and the pool ended after the block.
 */
export function storesOnNewTables(label: string): {
  pool: () => pg.Pool
  newStore: (options?: Partial<PostgresStoreOptions>, storePool?: pg.Pool) => { store: PostgresStore; tableName: string; queries: string[] }
} {
  let pool: pg.Pool | undefined
  const tables: string[] = []
  beforeAll(() => {
    pool = testPool()
  })
  afterAll(async () => {
    for (const table of tables) await pool!.query(`DROP TABLE IF EXISTS "${table}"`)
    await pool!.end()
  })
  return {
    pool: () => pool!,
    newStore: (options = {}, storePool = pool!) => {
      const tableName = uniqueTableName(label)
      tables.push(tableName)
      const counting = countingPool(storePool)
      const store = new PostgresStore({ pool: counting.pool, tableName, createTable: true, pruneInterval: false, ...options })
      return { store, tableName, queries: counting.queries }
    },
  }
}
