import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PostgresStore } from '../../../src/stores/postgres.ts'
import { runOutageStream } from '../support/outage-stream.ts'
import { PrivatePostgresServer, postgresBinariesAvailable, type PostgresStopMode } from '../support/private-postgres-server.ts'

/**
 * A private PostgreSQL cluster (initdb, fsync on) stopped and started again under a stream of writes from 4
 * sessions through sessionkit/express: `pg_ctl -m fast` (clients disconnected, clean shutdown) and `-m immediate`
 * (no checkpoint, like a crash: the restart replays the WAL). A real server stop, not the TCP proxy of
 * test/lib/stores/postgres/postgres-store-outage.test.ts (one session, requests one at a time), whose idea this
 * extends to a stream of parallel writes whose every acknowledged write is checked afterwards. Pool settings
 * as docs/stores/postgres.md recommends for outages (connectionTimeoutMillis).
 */

const binaries = postgresBinariesAvailable()
const storeTimeout = 1500

describe.skipIf(!binaries)('PostgreSQL stopped and restarted under a stream of writes (private cluster)', () => {
  let server: PrivatePostgresServer
  let pool: pg.Pool

  beforeAll(async () => {
    server = await PrivatePostgresServer.start()
    pool = new pg.Pool({ connectionString: server.url, max: 6, connectionTimeoutMillis: 500 })
  }, 30_000)
  afterAll(async () => {
    await pool?.end()
    await server?.dispose()
  })

  it.each(['fast', 'immediate'] as PostgresStopMode[])('pg_ctl stop -m %s: failing requests are store errors within storeTimeout, service resumes by itself, acknowledged writes survive', async (mode) => {
    const store = new PostgresStore({ pool, tableName: `stream_${mode}`, createTable: true, pruneInterval: false })
    try {
      const report = await runOutageStream({ store, storeTimeout, stop: () => server.stop(mode), start: () => server.start() })
      console.log(`PostgreSQL, stop -m ${mode}: ${JSON.stringify(report)}`)
      expect(report.acknowledged).toBeGreaterThan(0)
    } finally {
      await store.close()
    }
  }, 45_000)

  it('frozen (SIGSTOP to every server process, then SIGCONT): requests end by storeTimeout, service resumes, acknowledged writes survive', async () => {
    const store = new PostgresStore({ pool, tableName: 'stream_frozen', createTable: true, pruneInterval: false })
    try {
      const report = await runOutageStream({ store, storeTimeout, downMs: 4000, stop: () => server.freeze(), start: () => server.thaw() })
      console.log(`PostgreSQL, frozen: ${JSON.stringify(report)}`)
      expect(report.acknowledged).toBeGreaterThan(0)
    } finally {
      await store.close()
    }
  }, 45_000)
})
