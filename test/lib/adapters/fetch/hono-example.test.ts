import { describe, expect, it, vi } from 'vitest'

// The example imports the published subpaths; here they are the sources.
vi.doMock('sessionkit', () => import('../../../../src/index.ts'))
vi.doMock('sessionkit/fetch', () => import('../../../../src/fetch.ts'))

describe('examples/hono', () => {
  it('counts, logs in with a new id and a flash message, reads nothing on /about, logs out', async () => {
    const { createExampleApp } = await import('../../../../examples/hono/app.js')
    const { createMemorySessionStorage } = await import('sessionkit')
    const storage = createMemorySessionStorage()
    const app = createExampleApp({ storage })
    let cookie = ''
    const send = async (path: string, init: RequestInit = {}) => {
      const response = await app.request(path, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } })
      const [setCookie] = response.headers.getSetCookie()
      if (setCookie !== undefined) cookie = /Max-Age=0/.test(setCookie) ? '' : (setCookie.split(';')[0] as string)
      return response
    }
    expect(await (await send('/')).text()).toContain('You have been here 1 time.')
    const anonymous = cookie
    const login = await send('/login', { method: 'POST', body: new URLSearchParams({ name: '<b>mj</b>' }) })
    expect(login.status).toBe(303)
    expect(cookie).not.toBe(anonymous)
    const home = await (await send('/')).text()
    expect(home).toContain('Welcome, &lt;b&gt;mj&lt;/b&gt;!')
    expect(home).toContain('You have been here 2 times.')
    expect(await (await send('/')).text()).not.toContain('Welcome')
    const about = await send('/about')
    expect(about.headers.getSetCookie()).toEqual([])
    const logout = await send('/logout', { method: 'POST' })
    expect(logout.headers.getSetCookie()[0]).toMatch(/^__session=; Max-Age=0;/)
    expect(await (await send('/')).text()).toContain('You have been here 1 time.')
    await storage.close()
  })
})
