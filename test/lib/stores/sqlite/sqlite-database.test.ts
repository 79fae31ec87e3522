import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BUSY_TIMEOUT_MS, openSqliteDatabase } from '../../../../src/lib/stores/sqlite/sqlite-database.ts'

const directory = await mkdtemp(join(tmpdir(), 'sessionkit-sqlite-open-'))
afterAll(() => rm(directory, { recursive: true, force: true }))

describe('openSqliteDatabase', () => {
  it('creates parent directories and opens the file in WAL mode with a busy timeout', async () => {
    const path = join(directory, 'a', 'b', 'sessions.db')
    const database = await openSqliteDatabase(path)
    try {
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(database.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS)
      // 1 = NORMAL
      expect(database.pragma('synchronous', { simple: true })).toBe(1)
      expect((await stat(path)).isFile()).toBe(true)
    } finally {
      database.close()
    }
  })

  it.each(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'])('a missing better-sqlite3 (%s) rejects with what to install', async (code) => {
    const missing = () => Promise.reject(Object.assign(new Error("Cannot find package 'better-sqlite3'"), { code }))
    await expect(openSqliteDatabase(join(directory, 'x.db'), missing)).rejects.toThrow(
      /^sessionkit: the SQLite store needs better-sqlite3 to open ".*x\.db", and it is not installed\. Run `npm install better-sqlite3@12`/,
    )
  })

  it('other load failures propagate as they are', async () => {
    const broken = () => Promise.reject(new Error('bad ELF header'))
    await expect(openSqliteDatabase(join(directory, 'y.db'), broken)).rejects.toThrow('bad ELF header')
  })
})
