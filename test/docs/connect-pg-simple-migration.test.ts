import { readFileSync } from 'node:fs'
import connectPgSimple from 'connect-pg-simple'
import express from 'express'
import expressSession from 'express-session'
import pg from 'pg'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import session from '../../src/express.ts'
import { createPostgresStore } from '../../src/lib/stores/postgres/postgres-store.ts'
import { sessionTableDdl } from '../../src/lib/stores/postgres/session-table-ddl.ts'
import { connectPgSimpleTableSql } from '../support/connect-pg-simple-table.ts'
import { databaseUrl, postgresAvailable } from '../support/services.ts'
import { fencedBlocksOf } from './markdown-code-blocks.ts'

// The SQL that docs/stores/postgres.md gives for moving connect-pg-simple's sessions, run as the page shows it,
// against a table that connect-pg-simple itself wrote: the user must still be logged in afterwards.
const page = 'docs/stores/postgres.md'
const marker = '<!-- test/docs/connect-pg-simple-migration.test.ts runs the next block -->'
const markdown = readFileSync(new URL(`../../${page}`, import.meta.url), 'utf8')
const migrationSql = fencedBlocksOf(page, markdown).find((block) => block.language === 'sql' && markdown.split('\n')[block.line - 2] === marker)?.code

const schema = 'sessionkit_docs_migration'
const secret = 'migration test secret, 32 bytes or more'
const postgresUp = await postgresAvailable()
let pool: pg.Pool

describe.skipIf(!postgresUp)(`${page}: migrating from connect-pg-simple`, () => {
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`)
    await admin.end()
    // Unqualified names, as in the page, resolve to this test's own schema.
    pool = new pg.Pool({ connectionString: databaseUrl, options: `-c search_path=${schema}` })
    await pool.query(connectPgSimpleTableSql('session'))
    await pool.query(sessionTableDdl())
  })

  afterAll(async () => {
    await pool?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await pool?.end()
  })

  it('finds the marked SQL block', () => {
    expect(migrationSql).toMatch(/^INSERT INTO sessions/)
  })

  it('moves a live session: the user stays logged in, with the same expiry, indexed by user', async () => {
    const PgStore = connectPgSimple(expressSession)
    const before = express()
    before.use(expressSession({ store: new PgStore({ pool, pruneSessionInterval: false }), secret, resave: false, saveUninitialized: false, cookie: { maxAge: 3_600_000 } }))
    before.post('/login', (req, res) => {
      ;(req.session as unknown as Record<string, unknown>).userId = 'alice'
      res.end()
    })
    const login = await request(before).post('/login')
    const cookie = (login.headers['set-cookie'] as unknown as string[])[0]?.split(';')[0] as string
    const { expire } = (await pool.query('SELECT expire::timestamptz AS expire FROM session')).rows[0] as { expire: Date }

    await pool.query(migrationSql as string)

    const store = createPostgresStore({ pool, userKey: 'userId', pruneInterval: false })
    const after = express()
    after.use(session({ store, secret, resave: false, saveUninitialized: false }))
    after.get('/', (req, res) => res.send(String((req.session as unknown as Record<string, unknown>).userId ?? 'nobody')))
    expect((await request(after).get('/').set('Cookie', cookie)).text).toBe('alice')

    const [row] = (await pool.query('SELECT user_id, sliding_ttl_ms, expires_at FROM sessions')).rows as Array<{ user_id: string; sliding_ttl_ms: string; expires_at: Date }>
    expect(row?.user_id).toBe('alice')
    expect(Number(row?.sliding_ttl_ms)).toBe(3_600_000)
    expect(Math.abs((row?.expires_at.getTime() ?? 0) - expire.getTime())).toBeLessThan(60_000) // the read may slide it a little
    expect((await store.listSessionsOfUser('alice')).length).toBe(1)
    await store.close()
  })
})
