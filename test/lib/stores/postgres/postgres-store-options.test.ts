import { describe, expect, it } from 'vitest'
import { normalizePostgresStoreOptions, type PostgresStoreOptions } from '../../../../src/lib/stores/postgres/postgres-store-options.ts'
import { createPostgresStore } from '../../../../src/stores/postgres.ts'

const pool = { query: async () => ({ rows: [] }) }

describe('PostgresStore options', () => {
  it('fills in the defaults', () => {
    expect(normalizePostgresStoreOptions({ pool })).toEqual({ pool, tableName: 'sessions', schemaName: undefined, createTable: false, ttl: 86_400_000, pruneInterval: 60_000, lastSeenResolution: 60_000, userKey: undefined, preparedStatements: undefined, batchStatements: true })
  })

  it('accepts pruneInterval false and a function userKey', () => {
    const userKey = () => 'u'
    expect(normalizePostgresStoreOptions({ pool, pruneInterval: false, userKey })).toMatchObject({ pruneInterval: false, userKey })
  })

  it('accepts lastSeenResolution 0 (write last seen on every load)', () => {
    expect(normalizePostgresStoreOptions({ pool, lastSeenResolution: 0 })).toMatchObject({ lastSeenResolution: 0 })
  })

  it.each([
    ['pool', { pool: undefined }, /^sessionkit: option pool is invalid: undefined\. Pass a pg Pool/],
    ['pool', { pool: {} }, /^sessionkit: option pool is invalid: object Object\./],
    ['tableName', { pool, tableName: '' }, /^sessionkit: option tableName is invalid: ""\. Pass a non-empty name of at most 48 bytes/],
    ['tableName', { pool, tableName: 'x'.repeat(49) }, /^sessionkit: option tableName is invalid: "x{49}"/],
    ['tableName', { pool, tableName: 'a\u0000' }, /^sessionkit: option tableName is invalid/],
    ['schemaName', { pool, schemaName: 'y'.repeat(64) }, /^sessionkit: option schemaName is invalid: .*at most 63 bytes/],
    ['createTable', { pool, createTable: 'yes' }, /^sessionkit: option createTable is invalid: "yes"/],
    ['ttl', { pool, ttl: 0 }, /^sessionkit: option ttl is invalid: 0\. Pass a whole number of milliseconds/],
    ['ttl', { pool, ttl: 1.5 }, /^sessionkit: option ttl is invalid: 1\.5/],
    ['ttl', { pool, ttl: Number.POSITIVE_INFINITY }, /^sessionkit: option ttl is invalid: Infinity/],
    ['pruneInterval', { pool, pruneInterval: true }, /^sessionkit: option pruneInterval is invalid: true/],
    ['pruneInterval', { pool, pruneInterval: 2 ** 31 }, /^sessionkit: option pruneInterval is invalid: 2147483648/],
    ['lastSeenResolution', { pool, lastSeenResolution: -1 }, /^sessionkit: option lastSeenResolution is invalid: -1\. Pass a whole number of milliseconds, 0 or more/],
    ['lastSeenResolution', { pool, lastSeenResolution: 0.5 }, /^sessionkit: option lastSeenResolution is invalid: 0\.5/],
    ['lastSeenResolution', { pool, lastSeenResolution: '60000' }, /^sessionkit: option lastSeenResolution is invalid: "60000"/],
    ['userKey', { pool, userKey: '' }, /^sessionkit: option userKey is invalid: ""/],
    ['userKey', { pool, userKey: 5 }, /^sessionkit: option userKey is invalid: 5/],
    ['batchStatements', { pool, batchStatements: 'no' }, /^sessionkit: option batchStatements is invalid: "no"\. Pass false/],
  ])('rejects a bad %s at construction, naming it and the value', (_option, options, message) => {
    expect(() => createPostgresStore(options as unknown as PostgresStoreOptions)).toThrow(TypeError)
    expect(() => createPostgresStore(options as unknown as PostgresStoreOptions)).toThrow(message)
  })

  it('rejects missing options', () => {
    expect(() => createPostgresStore(undefined as unknown as PostgresStoreOptions)).toThrow(/^sessionkit: the PostgreSQL store needs options: pass \{ pool \}/)
  })
})
