import request from 'supertest'
import { afterAll, describe, expect, it } from 'vitest'
import { PostgresStore } from '../../../../src/stores/postgres.ts'
import { viewCounterApp } from '../../../support/express-session-view-counter.ts'
import { postgresAvailable } from '../../../support/services.ts'
import { lifetimeOf, testPool, uniqueTableName } from './postgres-test-table.ts'

const up = await postgresAvailable()

describe.skipIf(!up)('PostgresStore as the store of express-session (through NativeStoreBridge, Express 5)', () => {
  const pool = testPool()
  const tableName = uniqueTableName('express')
  const store = new PostgresStore({ pool, tableName, createTable: true, pruneInterval: false })
  afterAll(async () => {
    await store.close()
    await pool.query(`DROP TABLE IF EXISTS "${tableName}"`)
    await pool.end()
  })

  const app = viewCounterApp(store, { rolling: true })

  it('counts views across requests, touches on reads, and forgets the session on destroy', async () => {
    const agent = request.agent(app)
    expect((await agent.get('/count')).text).toBe('1')
    expect((await agent.get('/count')).text).toBe('2')
    expect((await agent.get('/count')).text).toBe('3')
    const [id] = await store.ids()
    expect(await store.get(id as string)).toMatchObject({ views: 3, cookie: { originalMaxAge: 60_000 } })
    // written through the bridge with ttl = cookie.expires - now: about the cookie's maxAge
    expect(await lifetimeOf(pool, tableName, id as string)).toBeGreaterThan(55_000)

    await pool.query(`UPDATE "${tableName}" SET expires_at = now() + interval '1 second' WHERE id = $1`, [id])
    expect((await agent.get('/peek')).text).toBe('3')
    expect(await lifetimeOf(pool, tableName, id as string)).toBeGreaterThan(55_000)

    expect((await agent.get('/logout')).text).toBe('bye')
    expect(await store.length()).toBe(0)
    expect((await agent.get('/peek')).text).toBe('0')
  })
})
