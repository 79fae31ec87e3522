import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { postgresAvailable } from '../../../support/services.ts'
import { PostgresStore } from '../../../../src/lib/stores/postgres/postgres-store.ts'
import { countingPool, lifetimeOf, testPool, uniqueTableName } from './postgres-test-table.ts'

const up = await postgresAvailable()

describe.skipIf(!up)('PostgresStore', () => {
  const pool = testPool()
  const tableName = uniqueTableName('contract')
  const otherTableName = uniqueTableName('contract_other')
  const store = new PostgresStore({ pool, tableName, createTable: true, pruneInterval: false })
  const other = new PostgresStore({ pool, tableName: otherTableName, createTable: true, pruneInterval: false })
  const sql = (text: string, values: unknown[] = []) => pool.query(text, values)
  const xminOf = async (id: string) => (await sql(`SELECT xmin::text AS x FROM "${tableName}" WHERE id = $1`, [id])).rows[0]?.x as string | undefined

  beforeAll(async () => {
    await store.length()
    await other.length()
  })
  afterAll(async () => {
    await store.close()
    await other.close()
    await sql(`DROP TABLE IF EXISTS "${tableName}"`)
    await sql(`DROP TABLE IF EXISTS "${otherTableName}"`)
    await pool.end()
  })

  describe('get and set', () => {
    it('round-trips a record as JSON does and keeps stored values apart from callers', async () => {
      const record = { cookie: { originalMaxAge: 60_000, expires: new Date(0), httpOnly: true, path: '/' }, at: new Date(0), gone: undefined, cart: ['apple'] }
      await store.set('rt', record)
      record.cart.push('pear')
      const loaded = await store.get('rt')
      expect(loaded).toEqual({ cookie: { originalMaxAge: 60_000, expires: '1970-01-01T00:00:00.000Z', httpOnly: true, path: '/' }, at: '1970-01-01T00:00:00.000Z', cart: ['apple'] })
      expect(loaded && Object.hasOwn(loaded, 'gone')).toBe(false)
      ;(loaded?.cart as string[]).push('plum')
      expect((await store.get('rt'))?.cart).toEqual(['apple'])
    })

    it('keeps data, cookie and flash in their own columns', async () => {
      await store.set('cols', { cookie: { path: '/' }, n: 1, flash: { info: ['hi'] } })
      const { rows } = await sql(`SELECT data, cookie, flash, flash_seq FROM "${tableName}" WHERE id = 'cols'`)
      expect(rows[0]).toEqual({ data: { n: 1 }, cookie: { path: '/' }, flash: [{ id: '1', type: 'info', message: 'hi' }], flash_seq: '1' })
    })

    it('returns undefined for unknown ids and omits flash when there is none', async () => {
      expect(await store.get('never-set')).toBeUndefined()
      await store.set('noflash', { n: 1 })
      expect(await store.get('noflash')).toEqual({ n: 1 })
    })

    it('splits record.flash into entries and merges them back in connect-flash shape; set replaces them', async () => {
      await store.set('fl', { n: 1, flash: { info: ['a', 'b'], error: ['x'] } })
      expect(await store.get('fl')).toEqual({ n: 1, flash: { info: ['a', 'b'], error: ['x'] } })
      await store.set('fl', { n: 2, flash: { info: ['c'] } })
      expect(await store.get('fl')).toEqual({ n: 2, flash: { info: ['c'] } })
      const loaded = await store.load('fl')
      // ids keep counting across a set, so an id a request read earlier never names a newer message
      expect(loaded?.flash).toEqual([{ id: '4', type: 'info', message: 'c' }])
      await store.set('fl', { n: 3 })
      expect(await store.get('fl')).toEqual({ n: 3 })
    })

    it('lives for ttl ms, else the ttl option (one day)', async () => {
      await store.set('ttl-given', {}, 5000)
      await store.set('ttl-default', {})
      expect(await lifetimeOf(pool, tableName, 'ttl-given')).toBe(5000)
      expect(await lifetimeOf(pool, tableName, 'ttl-default')).toBe(86_400_000)
      const short = new PostgresStore({ pool, tableName, ttl: 1234, pruneInterval: false })
      await short.set('ttl-option', {})
      expect(await lifetimeOf(pool, tableName, 'ttl-option')).toBe(1234)
    })

    it.each([0, -1])('deletes the session when set with ttl %d (already expired)', async (ttl) => {
      await store.set('expired-by-ttl', { n: 1 })
      await store.set('expired-by-ttl', { n: 2 }, ttl)
      expect((await sql(`SELECT 1 FROM "${tableName}" WHERE id = 'expired-by-ttl'`)).rowCount).toBe(0)
    })

    it('never returns an expired session, from any method', async () => {
      await store.set('short', { n: 1, flash: { info: ['m'] } }, 15)
      await new Promise((resolve) => setTimeout(resolve, 40))
      expect(await store.get('short')).toBeUndefined()
      expect(await store.load('short')).toBeUndefined()
      expect(await store.update('short', { set: { n: 2 }, unset: [] })).toBe(false)
      await store.touch('short', { cookie: { originalMaxAge: 1000 } })
      expect(await store.get('short')).toBeUndefined()
      expect(await store.ids()).not.toContain('short')
      expect(Object.keys(await store.all())).not.toContain('short')
    })

    it('restarts created_at when a set reuses the id of an expired row', async () => {
      await store.set('reborn', {}, 5000)
      await sql(`UPDATE "${tableName}" SET created_at = now() - interval '1 day', expires_at = now() - interval '1 second' WHERE id = 'reborn'`)
      await store.set('reborn', { n: 1 })
      const { rows } = await sql(`SELECT created_at > now() - interval '1 minute' AS fresh FROM "${tableName}" WHERE id = 'reborn'`)
      expect(rows[0]?.fresh).toBe(true)
    })

    it('does not slide the expiry on get', async () => {
      await store.set('noslide', { cookie: { originalMaxAge: 100_000 } }, 1000)
      const before = await xminOf('noslide')
      await store.get('noslide')
      expect(await xminOf('noslide')).toBe(before)
      expect(await lifetimeOf(pool, tableName, 'noslide')).toBe(1000)
    })
  })

  describe('touch and destroy', () => {
    it('touch extends the life and stores the new cookie without rewriting the data', async () => {
      await store.set('t', { n: 1, cookie: { originalMaxAge: 1000, expires: 'old' } }, 1000)
      await store.touch('t', { n: 2, cookie: { originalMaxAge: 9000, expires: 'new' } }, 9000)
      expect(await store.get('t')).toEqual({ n: 1, cookie: { originalMaxAge: 9000, expires: 'new' } })
      expect(await lifetimeOf(pool, tableName, 't')).toBe(9000)
      await store.touch('t', { n: 3 })
      expect(await lifetimeOf(pool, tableName, 't')).toBe(86_400_000)
    })

    it('touch leaves a missing session missing', async () => {
      await store.touch('touch-missing', { n: 1 }, 1000)
      expect(await store.get('touch-missing')).toBeUndefined()
    })

    it('destroy forgets a session; an unknown id is not an error', async () => {
      await store.set('d', { n: 1 })
      await store.destroy('d')
      await store.destroy('d')
      expect(await store.get('d')).toBeUndefined()
    })
  })

  describe('load', () => {
    it('returns the record without flash and the entries apart, with cookie.expires at the slid expiry', async () => {
      await store.set('ld', { n: 1, cookie: { originalMaxAge: 100_000, expires: 'stale' }, flash: { info: ['a'], error: ['b'] } }, 1000)
      const loaded = await store.load('ld')
      expect(loaded?.flash).toEqual([
        { id: '1', type: 'info', message: 'a' },
        { id: '2', type: 'error', message: 'b' },
      ])
      expect(loaded?.record).toEqual({ n: 1, cookie: { originalMaxAge: 100_000, expires: expect.any(String) } })
      // it slid by the lifetime the session was written with (originalMaxAge), not the 1000 ms of that write
      expect(await lifetimeOf(pool, tableName, 'ld')).toBe(100_000)
      const { rows } = await sql(`SELECT floor(extract(epoch FROM expires_at) * 1000)::float8 AS ms FROM "${tableName}" WHERE id = 'ld'`)
      expect(Date.parse(loaded?.record.cookie?.expires as string)).toBe(rows[0]?.ms)
    })

    it('slides by the ttl option when the cookie has no originalMaxAge', async () => {
      await store.set('ld-default', { cookie: { originalMaxAge: null } }, 1000)
      const loaded = await store.load('ld-default')
      expect(loaded?.record.cookie?.expires).toBeUndefined()
      expect(await lifetimeOf(pool, tableName, 'ld-default')).toBe(86_400_000)
    })

    it('writes the row only when the expiry would move by more than a tenth or last seen is a minute old', async () => {
      await store.set('ld-quiet', { cookie: { originalMaxAge: 100_000 } }, 100_000)
      const written = await xminOf('ld-quiet')
      await store.load('ld-quiet')
      await store.load('ld-quiet')
      expect(await xminOf('ld-quiet')).toBe(written)
      await sql(`UPDATE "${tableName}" SET last_seen_at = now() - interval '61 seconds' WHERE id = 'ld-quiet'`)
      const aged = await xminOf('ld-quiet')
      await store.load('ld-quiet')
      expect(await xminOf('ld-quiet')).not.toBe(aged)
      expect(await lifetimeOf(pool, tableName, 'ld-quiet')).toBe(100_000)
    })

    it.each([
      ['0: every load writes last seen', 0, '1 millisecond', true],
      ['5000: a row seen 4 s ago is left alone', 5000, '4 seconds', false],
      ['5000: a row seen 6 s ago is written', 5000, '6 seconds', true],
    ])('lastSeenResolution %s', async (_case, lastSeenResolution, age, writes) => {
      const id = `ld-resolution-${lastSeenResolution}-${age}`
      const resolved = new PostgresStore({ pool, tableName, pruneInterval: false, lastSeenResolution })
      await resolved.set(id, { cookie: { originalMaxAge: 100_000 } }, 100_000)
      await sql(`UPDATE "${tableName}" SET last_seen_at = now() - $2::interval WHERE id = $1`, [id, age])
      const aged = await xminOf(id)
      await resolved.load(id)
      expect((await xminOf(id)) !== aged).toBe(writes)
      await resolved.close()
    })

    it('records last seen for the user API (via the row)', async () => {
      await store.set('ld-seen', {}, 1000)
      await sql(`UPDATE "${tableName}" SET last_seen_at = now() - interval '1 hour' WHERE id = 'ld-seen'`)
      await store.load('ld-seen')
      const { rows } = await sql(`SELECT last_seen_at > now() - interval '1 minute' AS recent FROM "${tableName}" WHERE id = 'ld-seen'`)
      expect(rows[0]?.recent).toBe(true)
    })
  })

  describe('update', () => {
    it('writes set keys, removes unset keys, replaces the cookie and sets the expiry', async () => {
      await store.set('u', { a: 1, b: 2, c: 3, cookie: { originalMaxAge: 1000 } }, 1000)
      expect(await store.update('u', { set: { a: 10, d: { deep: true }, cookie: { originalMaxAge: 5000, path: '/' } }, unset: ['b'] }, 5000)).toBe(true)
      expect(await store.get('u')).toEqual({ a: 10, c: 3, d: { deep: true }, cookie: { originalMaxAge: 5000, path: '/' } })
      expect(await lifetimeOf(pool, tableName, 'u')).toBe(5000)
      await store.update('u', { set: {}, unset: [] })
      expect(await lifetimeOf(pool, tableName, 'u')).toBe(86_400_000)
      // the next load slides by the new originalMaxAge
      await store.update('u', { set: {}, unset: [] }, 1000)
      await store.load('u')
      expect(await lifetimeOf(pool, tableName, 'u')).toBe(5000)
    })

    it('never recreates a missing session: resolves false and writes nothing', async () => {
      expect(await store.update('u-missing', { set: { a: 1 }, unset: [], flashAdd: [{ type: 'info', message: 'x' }] })).toBe(false)
      expect((await sql(`SELECT 1 FROM "${tableName}" WHERE id = 'u-missing'`)).rowCount).toBe(0)
    })

    it('appends flash entries with fresh ids and removes by id, keeping messages added meanwhile', async () => {
      await store.set('uf', { flash: { info: ['first'] } })
      const seen = await store.load('uf')
      await store.update('uf', { set: {}, unset: [], flashAdd: [{ type: 'info', message: 'meanwhile' }] })
      await store.update('uf', { set: {}, unset: [], flashRemove: [...(seen?.flash.map((entry) => entry.id) ?? []), 'unknown-id'] })
      expect((await store.load('uf'))?.flash).toEqual([{ id: '2', type: 'info', message: 'meanwhile' }])
      await store.update('uf', { set: {}, unset: [], flashAdd: [{ type: 'error', message: { code: 1 } }, { type: 'info', message: 'last' }] })
      expect(await store.get('uf')).toEqual({ flash: { info: ['meanwhile', 'last'], error: [{ code: 1 }] } })
    })

    it('with ttl <= 0 deletes the session and tells whether it existed', async () => {
      await store.set('u-expire', {})
      expect(await store.update('u-expire', { set: {}, unset: [] }, 0)).toBe(true)
      expect(await store.get('u-expire')).toBeUndefined()
      expect(await store.update('u-expire', { set: {}, unset: [] }, 0)).toBe(false)
    })
  })

  describe('one statement per operation', () => {
    it.each([
      ['get', (s: PostgresStore) => s.get('q')],
      ['set', (s: PostgresStore) => s.set('q', { n: 1, flash: { info: ['m'] }, cookie: { originalMaxAge: 1000 } })],
      ['load', (s: PostgresStore) => s.load('q')],
      ['update', (s: PostgresStore) => s.update('q', { set: { n: 2 }, unset: ['x'], flashAdd: [{ type: 'info', message: 'n' }], flashRemove: ['1'] })],
      ['touch', (s: PostgresStore) => s.touch('q', { cookie: { originalMaxAge: 1000 } })],
      ['destroy', (s: PostgresStore) => s.destroy('q')],
    ])('%s sends one query', async (_name, operation) => {
      await store.set('q', { n: 0 })
      const counted = countingPool(pool)
      const s = new PostgresStore({ pool: counted.pool, tableName, pruneInterval: false })
      await operation(s)
      expect(counted.queries).toHaveLength(1)
    })
  })

  describe('all, ids, length, clear', () => {
    it('see only this table and only live rows', async () => {
      await store.clear()
      await other.set('elsewhere', { n: 0 })
      await store.set('one', { n: 1, flash: { info: ['x'] } })
      await store.set('two', { n: 2 })
      await store.set('dead', { n: 3 })
      await sql(`UPDATE "${tableName}" SET expires_at = now() - interval '1 second' WHERE id = 'dead'`)
      expect(await store.all()).toEqual({ one: { n: 1, flash: { info: ['x'] } }, two: { n: 2 } })
      expect((await store.ids()).sort()).toEqual(['one', 'two'])
      expect(await store.length()).toBe(2)
      await store.clear()
      expect(await store.length()).toBe(0)
      expect(await other.get('elsewhere')).toEqual({ n: 0 })
    })

    it('all keeps an id such as __proto__ as a key', async () => {
      await store.set('__proto__', { n: 1 })
      const all = await store.all()
      expect(Object.getPrototypeOf(all)).toBe(Object.prototype)
      expect(Object.hasOwn(all, '__proto__')).toBe(true)
      await store.destroy('__proto__')
    })
  })

  describe('corrupt rows', () => {
    it.each([
      ['data is a string', `'"text"'`, 'NULL', `'[]'`],
      ['data is an array', `'[1]'`, 'NULL', `'[]'`],
      ['data is null', `'null'`, 'NULL', `'[]'`],
      ['cookie is a number', `'{}'`, `'5'`, `'[]'`],
      ['cookie is JSON null', `'{}'`, `'null'`, `'[]'`],
      ['flash is an object', `'{}'`, 'NULL', `'{}'`],
      ['flash entry lacks fields', `'{}'`, 'NULL', `'[{"x":1}]'`],
    ])('when %s, get and load answer no session and all skips it', async (_case, data, cookie, flash) => {
      const id = `corrupt-${_case}`
      await sql(
        `INSERT INTO "${tableName}" (id, data, cookie, flash, last_seen_at, expires_at, sliding_ttl_ms) VALUES ($1, ${data}, ${cookie}, ${flash}, now(), now() + interval '1 hour', 1000)
         ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, cookie = EXCLUDED.cookie, flash = EXCLUDED.flash`,
        [id],
      )
      expect(await store.get(id)).toBeUndefined()
      expect(await store.load(id)).toBeUndefined()
      expect(Object.keys(await store.all())).not.toContain(id)
      await store.destroy(id)
    })
  })

  describe('what jsonb and text cannot hold', () => {
    it.each([
      ['a NUL in a value', { s: 'a\u0000b' }],
      ['a NUL in a key', { ['k\u0000']: 1 }],
      ['an unpaired surrogate', { s: 'a\ud800b' }],
    ])('set with %s rejects with a clear sessionkit error', async (_case, record) => {
      await expect(store.set('nul', record)).rejects.toThrow(/^sessionkit: PostgreSQL refused the session data: .*jsonb cannot hold the NUL character/)
    })

    it('update and flash messages with a NUL reject the same way and leave the session as it was', async () => {
      await store.set('nul-update', { n: 1 })
      await expect(store.update('nul-update', { set: { s: '\u0000' }, unset: [] })).rejects.toThrow(/^sessionkit: PostgreSQL refused/)
      await expect(store.update('nul-update', { set: {}, unset: [], flashAdd: [{ type: 'info', message: '\u0000' }] })).rejects.toThrow(/^sessionkit: PostgreSQL refused/)
      expect(await store.get('nul-update')).toEqual({ n: 1 })
    })

    it('keeps a backslash-u text that is not a NUL', async () => {
      await store.set('not-nul', { s: '\\u0000' })
      expect((await store.get('not-nul'))?.s).toBe('\\u0000')
    })

    it('an id with a NUL names no session; set rejects it', async () => {
      expect(await store.get('a\u0000')).toBeUndefined()
      expect(await store.load('a\u0000')).toBeUndefined()
      expect(await store.update('a\u0000', { set: {}, unset: [] })).toBe(false)
      await store.destroy('a\u0000')
      await expect(store.set('a\u0000', {})).rejects.toThrow(/^sessionkit: PostgresStore.set\(\) got session id/)
    })
  })

  describe('setup and faults', () => {
    it('without createTable, a missing table gives an error that says how to create it', async () => {
      const missing = new PostgresStore({ pool, tableName: uniqueTableName('missing'), pruneInterval: false })
      const error = await missing.get('x').catch((err: unknown) => err)
      expect(error).toBeInstanceOf(Error)
      expect((error as Error).message).toMatch(/^sessionkit: the session table "sk_test_missing_[0-9a-f]+" \(looked up through the search_path\) does not exist/)
      expect((error as Error).message).toContain('schema.sql')
      expect((error as Error).message).toContain('createTable: true')
      expect((error as { code?: string }).code).toBe('42P01')
    })

    it('creates a table in a named schema with names that need quoting', async () => {
      const schemaName = `sk test "schema" ${uniqueTableName('s')}`
      const quoted = `"${schemaName.replaceAll('"', '""')}"`
      await sql(`CREATE SCHEMA ${quoted}`)
      try {
        const odd = new PostgresStore({ pool, schemaName, tableName: 'odd "name"; DROP TABLE x', createTable: true, pruneInterval: false })
        await odd.set('a', { n: 1 })
        expect(await odd.get('a')).toEqual({ n: 1 })
        const { rows } = await sql(`SELECT indexname FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname`, [schemaName])
        expect(rows.map((row) => row.indexname)).toEqual(['odd "name"; DROP TABLE x_expires_at_idx', 'odd "name"; DROP TABLE x_pkey', 'odd "name"; DROP TABLE x_user_id_idx'])
      } finally {
        await sql(`DROP SCHEMA ${quoted} CASCADE`)
      }
    })

    it('creates the table once even when many operations start together', async () => {
      const name = uniqueTableName('once')
      const counted = countingPool(pool)
      const fresh = new PostgresStore({ pool: counted.pool, tableName: name, createTable: true, pruneInterval: false })
      try {
        await Promise.all([fresh.get('a'), fresh.get('b'), fresh.set('c', {})])
        expect(counted.queries.filter((text) => text.includes('CREATE TABLE'))).toHaveLength(1)
      } finally {
        await sql(`DROP TABLE IF EXISTS "${name}"`)
      }
    })

    it('rejects with the driver error when the database is down', async () => {
      const down = new pg.Pool({ connectionString: 'postgres://root@127.0.0.1:1/test', connectionTimeoutMillis: 2000 })
      const s = new PostgresStore({ pool: down, tableName, pruneInterval: false })
      await expect(s.get('x')).rejects.toMatchObject({ code: 'ECONNREFUSED' })
      await expect(s.set('x', {})).rejects.toMatchObject({ code: 'ECONNREFUSED' })
      await down.end()
    })

    it('close stops the timer and leaves the pool open', async () => {
      const s = new PostgresStore({ pool, tableName, pruneInterval: 10 })
      await s.close()
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    })
  })

  describe('pruning', () => {
    it('prune deletes expired rows only', async () => {
      await store.set('p-live', {})
      await store.set('p-dead', {})
      await sql(`UPDATE "${tableName}" SET expires_at = now() - interval '1 second' WHERE id = 'p-dead'`)
      expect(await store.prune()).toBeGreaterThanOrEqual(1)
      const { rows } = await sql(`SELECT id FROM "${tableName}" WHERE id LIKE 'p-%' ORDER BY id`)
      expect(rows).toEqual([{ id: 'p-live' }])
    })

    it('does not wait for an expired row another transaction holds: that one goes at the next prune', async () => {
      await store.set('p-held', {})
      await store.set('p-free', {})
      await sql(`UPDATE "${tableName}" SET expires_at = now() - interval '1 second' WHERE id IN ('p-held', 'p-free')`)
      const holder = await pool.connect()
      try {
        await holder.query('BEGIN')
        await holder.query(`SELECT id FROM "${tableName}" WHERE id = 'p-held' FOR UPDATE`)
        await store.prune()
        expect((await sql(`SELECT id FROM "${tableName}" WHERE id IN ('p-held', 'p-free')`)).rows).toEqual([{ id: 'p-held' }])
      } finally {
        await holder.query('ROLLBACK')
        holder.release()
      }
      await store.prune()
      expect((await sql(`SELECT id FROM "${tableName}" WHERE id = 'p-held'`)).rows).toEqual([])
    })

    it('the prune timer deletes expired rows', async () => {
      const pruning = new PostgresStore({ pool, tableName, pruneInterval: 10 })
      try {
        await store.set('p-timer', {})
        await sql(`UPDATE "${tableName}" SET expires_at = now() - interval '1 second' WHERE id = 'p-timer'`)
        await expect.poll(async () => (await sql(`SELECT 1 FROM "${tableName}" WHERE id = 'p-timer'`)).rowCount, { timeout: 2000, interval: 20 }).toBe(0)
      } finally {
        await pruning.close()
      }
    })
  })
})
