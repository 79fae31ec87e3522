import connectPgSimple from 'connect-pg-simple'
import expressSession from 'express-session'
import { readFile } from 'node:fs/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { PostgresStore } from '../../../../src/stores/postgres.ts'
import { postgresAvailable } from '../../../support/services.ts'
import { testPool, uniqueTableName } from './postgres-test-table.ts'
import { connectPgSimpleTableSql } from '../../../support/connect-pg-simple-table.ts'

const up = await postgresAvailable()

/** The migration SQL exactly as docs/stores/postgres.md gives it, pointed at the test's tables. */
async function documentedMigration(from: string, to: string): Promise<string> {
  const docs = await readFile(new URL('../../../../docs/stores/postgres.md', import.meta.url), 'utf8')
  const section = docs.slice(docs.indexOf('## Migrating from connect-pg-simple'))
  const sql = /```sql\n([\s\S]*?)```/.exec(section)?.[1]
  if (!sql) throw new Error('docs/stores/postgres.md has no migration SQL')
  return sql.replace(/^INSERT INTO sessions /m, `INSERT INTO "${to}" `).replace(/^FROM session$/m, `FROM "${from}"`)
}

describe.skipIf(!up)('migrating from connect-pg-simple with the documented SQL', () => {
  const pool = testPool(2)
  const oldTable = uniqueTableName('cps')
  const newTable = uniqueTableName('migrated')
  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS "${oldTable}"`)
    await pool.query(`DROP TABLE IF EXISTS "${newTable}"`)
    await pool.end()
  })

  it('moves live sessions so users stay logged in, and leaves expired ones behind', async () => {
    const PgSession = connectPgSimple(expressSession)
    await pool.query(connectPgSimpleTableSql(oldTable))
    const old = new PgSession({ pool, tableName: oldTable, pruneSessionInterval: false })
    const expires = new Date(Date.now() + 60_000).toISOString()
    const live = { cookie: { originalMaxAge: 60_000, expires, httpOnly: true, path: '/' }, userId: 7, views: 3, flash: { info: ['x'] } }
    await new Promise<void>((resolve, reject) => old.set('live-id', live as never, (err) => (err ? reject(err) : resolve())))
    await new Promise<void>((resolve, reject) => old.set('dead-id', { cookie: { expires: new Date(Date.now() - 60_000).toISOString() } } as never, (err) => (err ? reject(err) : resolve())))

    const store = new PostgresStore({ pool, tableName: newTable, createTable: true, pruneInterval: false, userKey: 'userId' })
    await store.length()
    await pool.query(await documentedMigration(oldTable, newTable))

    expect(await store.get('live-id')).toEqual({ cookie: { originalMaxAge: 60_000, expires, httpOnly: true, path: '/' }, userId: 7, views: 3 })
    expect(await store.get('dead-id')).toBeUndefined()
    expect((await store.listSessionsOfUser('7')).map((session) => session.id)).toEqual(['live-id'])
    const loaded = await store.load('live-id')
    expect(Math.abs(Date.parse(loaded?.record.cookie?.expires as string) - Date.parse(expires))).toBeLessThan(2000)
    await store.close()
  })
})
