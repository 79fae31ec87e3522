// The demo's accounts on every backing place: stored once per email (normalized), found by email and id.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoBackends, openDemoStore, type OpenedDemoStore } from './demo-backends.ts'

function newUser(email: string) {
  return { id: randomUUID(), email, passwordHash: 'scrypt$1$1$1$salt$key', createdAt: new Date('2026-01-02T03:04:05.678Z').toISOString() }
}

describe.each(demoBackends)('demo users with STORE=$kind', ({ kind, available }) => {
  const test = available ? it : it.skip
  let opened: OpenedDemoStore
  beforeAll(async () => {
    if (available) opened = await openDemoStore(kind)
  })
  afterAll(async () => {
    await opened?.remove()
  })

  test('adds a user and finds it by email and by id, as it was added', async () => {
    const user = newUser(`find-${kind}@example.com`)
    expect(await opened.users.add(user)).toBe(true)
    expect(await opened.users.findByEmail(user.email)).toEqual(user)
    expect(await opened.users.findById(user.id)).toEqual(user)
    expect(await opened.users.findByEmail(`missing-${kind}@example.com`)).toBeUndefined()
    expect(await opened.users.findById(randomUUID())).toBeUndefined()
  })

  test('refuses a second user with a taken email and keeps the first', async () => {
    const first = newUser(`taken-${kind}@example.com`)
    const second = newUser(first.email)
    expect(await opened.users.add(first)).toBe(true)
    expect(await opened.users.add(second)).toBe(false)
    expect(await opened.users.findByEmail(first.email)).toEqual(first)
    expect(await opened.users.findById(second.id)).toBeUndefined()
  })

  test('lets only one of two parallel sign-ups with one email through', async () => {
    const email = `race-${kind}@example.com`
    const results = await Promise.all([opened.users.add(newUser(email)), opened.users.add(newUser(email))])
    expect(results.filter(Boolean)).toHaveLength(1)
  })
})
