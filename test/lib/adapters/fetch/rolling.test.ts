import { describe, expect, it } from 'vitest'
import { createFetchSessions } from '../../../../src/fetch.ts'
import { createCookieSessionStorage, createMemorySessionStorage, type SessionStorage } from '../../../../src/index.ts'

// rolling re-sends an unchanged cookie with a fresh Max-Age only where that is true: where using a session moves
// its expiry on the server. The cookie storage's expiry is sealed in the cookie, so it must not be re-sent (a
// browser would keep a cookie the server no longer accepts, and the user would be logged out while active).
describe('rolling', () => {
  async function secondResponse(storage: SessionStorage) {
    const handler = createFetchSessions({ storage }).wrap(async (request, { session }) => {
      const s = await session()
      if (new URL(request.url).pathname === '/login') s.set('user', 'mj')
      return new Response(String(s.get('user')))
    })
    const login = await handler(new Request('https://app.test/login', { method: 'POST' }))
    const cookie = (login.headers.get('set-cookie') as string).split(';')[0] as string
    return handler(new Request('https://app.test/', { headers: { cookie } }))
  }

  it('re-sends the unchanged cookie of a store storage, whose expiry slides on every read', async () => {
    const response = await secondResponse(createMemorySessionStorage({ ttl: 3_600_000 }))
    expect(await response.text()).toBe('mj')
    expect(response.headers.get('set-cookie')).toMatch(/^__session=[^;]+; Max-Age=3600;/)
  })

  it('does not re-send the unchanged cookie of the cookie storage, whose expiry is sealed in it', async () => {
    const response = await secondResponse(createCookieSessionStorage({ secrets: 'a secret of at least thirty-two bytes!!', ttl: 3_600_000 }))
    expect(await response.text()).toBe('mj')
    expect(response.headers.get('set-cookie')).toBeNull()
  })
})
