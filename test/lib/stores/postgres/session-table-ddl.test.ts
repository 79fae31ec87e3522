import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { sessionTableDdl } from '../../../../src/lib/stores/postgres/session-table-ddl.ts'
import { qualifiedTableName, quoteIdentifier } from '../../../../src/lib/stores/postgres/sql-identifier.ts'

describe('the session table DDL', () => {
  // The build writes the shipped file from sessionTableDdl(): this proves the package carries it as it should.
  it('is exactly the shipped schema.sql for the default names', async () => {
    const shipped = await readFile(new URL('../../../../dist/stores/postgres-schema.sql', import.meta.url), 'utf8')
    expect(sessionTableDdl()).toBe(shipped)
  })

  it('qualifies the table and names the indexes after it', () => {
    const ddl = sessionTableDdl({ tableName: 'web_sessions', schemaName: 'auth' })
    expect(ddl).toContain('CREATE TABLE IF NOT EXISTS "auth"."web_sessions" (')
    expect(ddl).toContain('CREATE INDEX IF NOT EXISTS "web_sessions_expires_at_idx" ON "auth"."web_sessions" (expires_at);')
    expect(ddl).toContain('CREATE INDEX IF NOT EXISTS "web_sessions_user_id_idx" ON "auth"."web_sessions" (user_id) WHERE user_id IS NOT NULL;')
  })

  it.each([
    ['sessions', '"sessions"'],
    ['Mixed Case', '"Mixed Case"'],
    ['a"b', '"a""b"'],
    ['"; DROP TABLE users; --', '"""; DROP TABLE users; --"'],
  ])('quotes %j as %s', (name, quoted) => {
    expect(quoteIdentifier(name)).toBe(quoted)
  })

  it('leaves the table unqualified without a schema, for the search_path', () => {
    expect(qualifiedTableName('t', undefined)).toBe('"t"')
    expect(qualifiedTableName('t', 's"x')).toBe('"s""x"."t"')
  })
})
