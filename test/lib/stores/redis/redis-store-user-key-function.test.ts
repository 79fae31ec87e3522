import { describe, expect, it } from 'vitest'
import type { SessionRecord } from '../../../../src/lib/core/store-contract.ts'
import { MOVE_TO_USER } from '../../../../src/lib/stores/redis/session-scripts.ts'
import { RedisStore, type RedisStoreOptions } from '../../../../src/stores/redis.ts'
import { redisAvailable } from '../../../support/services.ts'
import { clientKinds, connectCountedClientForSuite, uniquePrefix } from './redis-clients.ts'

/**
 * A function `userKey` that reads several top-level keys, through partial updates that change only some of them:
 * the session must be filed under the user of its whole record after the update, as the other stores file it
 * (the conformance suite runs the same scenario on every store), with the common update still one command.
 */

const up = await redisAvailable()

const tenantLogin = (record: SessionRecord) => (record.tenant && record.login ? `${String(record.tenant)}:${String(record.login)}` : undefined)
// Reads `b` and `c` only when `a` is set: over the changed keys alone it takes the other branch.
const branching = (record: SessionRecord) => (record.a ? `${String(record.b)}+${String(record.c)}` : (record.d as string | undefined))
// Lists the keys: every data field counts.
const teams = (record: SessionRecord) =>
  Object.keys(record)
    .filter((key) => key.startsWith('team_'))
    .sort()
    .join('+') || undefined

describe.skipIf(!up).each(clientKinds)('RedisStore with a function userKey on $kind', ({ kind }) => {
  const base = uniquePrefix(`userfn-${kind.replace(/\W/g, '')}`)
  let storeCount = 0
  const connection = connectCountedClientForSuite(kind, base)

  function store(userKey: RedisStoreOptions['userKey'], prefix = `${base}${++storeCount}:`, client = connection.client): RedisStore {
    return new RedisStore({ client, prefix, userKey })
  }
  const idsOf = async (s: RedisStore, userId: string) => (await s.listSessionsOfUser(userId)).map((info) => info.id)
  async function commandsOf(operation: () => Promise<unknown>): Promise<string[]> {
    connection.commands.length = 0
    await operation()
    return connection.commands.map((command) => command[0] as string)
  }

  it('an update of one of the keys the function reads files the session under the user of the whole record', async () => {
    const s = store(tenantLogin)
    await s.set('a', { tenant: 'acme', login: 'alice', n: 1 })
    expect(await idsOf(s, 'acme:alice')).toEqual(['a'])
    expect(await s.update('a', { set: { login: 'bob' }, unset: [] })).toBe(true)
    expect(await idsOf(s, 'acme:bob')).toEqual(['a'])
    expect(await idsOf(s, 'acme:alice')).toEqual([])
    await s.update('a', { set: { tenant: 'globex' }, unset: [] })
    expect(await idsOf(s, 'globex:bob')).toEqual(['a'])
    expect(await idsOf(s, 'acme:bob')).toEqual([])
    await s.update('a', { set: { n: 2 }, unset: [] })
    expect(await idsOf(s, 'globex:bob')).toEqual(['a'])
    await s.update('a', { set: {}, unset: ['login'] })
    expect(await idsOf(s, 'globex:bob')).toEqual([])
    await s.update('a', { set: { login: 'carol' }, unset: [] })
    expect(await idsOf(s, 'globex:carol')).toEqual(['a'])
  })

  it('an update that changes no key the function reads is one command; one that moves the session adds one pipelined pair', async () => {
    const s = store(tenantLogin)
    await s.set('a', { tenant: 'acme', login: 'alice', n: 1 })
    await s.update('a', { set: { n: 2 }, unset: [] })
    expect(await commandsOf(() => s.update('a', { set: { n: 3, cookie: { path: '/' } }, unset: ['x'], flashAdd: [{ type: 'info', message: 'm' }] }))).toEqual(['EVALSHA'])
    expect(await idsOf(s, 'acme:alice')).toEqual(['a'])
    // The update, then the guarded move and the new user's index entry, sent together.
    await s.update('a', { set: { login: 'bob' }, unset: [] })
    expect(await commandsOf(() => s.update('a', { set: { login: 'carol' }, unset: [] }))).toEqual(['EVALSHA', 'EVALSHA', 'EVALSHA'])
    expect(await idsOf(s, 'acme:carol')).toEqual(['a'])
  })

  it('a store that never saw the function read a key reads the whole session once, then knows it', async () => {
    const prefix = `${base}${++storeCount}:`
    await store(branching, prefix).set('a', { a: 1, b: 'x', c: 'y', d: 'z' })
    // A fresh store (another process): over the change alone the function reads a and d, not b.
    const fresh = store(branching, prefix)
    expect(await commandsOf(() => fresh.update('a', { set: { c: 'w' }, unset: [] }))).toEqual(['EVAL', 'HGETALL', 'EVAL', 'EVAL'])
    expect(await idsOf(fresh, 'x+w')).toEqual(['a'])
    expect(await idsOf(fresh, 'x+y')).toEqual([])
    expect(await commandsOf(() => fresh.update('a', { set: { n: 1 }, unset: [] }))).toEqual(['EVALSHA'])
    await fresh.update('a', { set: { a: 0 }, unset: [] })
    expect(await idsOf(fresh, 'z')).toEqual(['a'])
  })

  it('a function that lists the record sees every key, in one command while its user stays', async () => {
    const s = store(teams)
    await s.set('a', { team_red: true, n: 1 })
    await s.update('a', { set: { team_blue: true }, unset: [] })
    expect(await idsOf(s, 'team_blue+team_red')).toEqual(['a'])
    expect(await commandsOf(() => s.update('a', { set: { n: 2 }, unset: [] }))).toEqual(['EVALSHA'])
    await s.update('a', { set: {}, unset: ['team_red'] })
    expect(await idsOf(s, 'team_blue')).toEqual(['a'])
    expect(await idsOf(s, 'team_blue+team_red')).toEqual([])
  })

  it('a move computed from data a concurrent update has since changed is not applied', async () => {
    let releaseHeld = () => {}
    let held: Promise<void> | undefined
    let heldSent = () => {}
    const moveSent = new Promise<void>((resolve) => (heldSent = resolve))
    const isMove = (args: string[]) => (args[0] === 'EVALSHA' && args[1] === MOVE_TO_USER.sha) || (args[0] === 'EVAL' && args[1] === MOVE_TO_USER.source)
    const client = {
      // The first move is held back until a later update has been applied and filed.
      sendCommand: async (args: string[]) => {
        if (isMove(args) && held === undefined) {
          held = new Promise<void>((resolve) => (releaseHeld = resolve))
          heldSent()
          await held
        }
        return connection.send(args)
      },
    }
    const s = store(tenantLogin, undefined, client)
    await s.set('a', { tenant: 'acme', login: 'alice' })
    const stale = s.update('a', { set: { login: 'bob' }, unset: [] })
    await moveSent
    await s.update('a', { set: { login: 'carol' }, unset: [] })
    releaseHeld()
    expect(await stale).toBe(true)
    expect(await idsOf(s, 'acme:carol')).toEqual(['a'])
    expect(await idsOf(s, 'acme:bob')).toEqual([])
  })

  it('an update with an expired ttl deletes the session and moves nothing', async () => {
    const s = store(tenantLogin)
    await s.set('a', { tenant: 'acme', login: 'alice' })
    expect(await s.update('a', { set: { login: 'bob' }, unset: [] }, 0)).toBe(true)
    expect(await s.get('a')).toBeUndefined()
    expect(await idsOf(s, 'acme:bob')).toEqual([])
  })
})
