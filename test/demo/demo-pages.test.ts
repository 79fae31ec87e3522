// The demo's pages for everyone: the view counter, the cookie, navigation, phone-friendliness, escaping and the
// error pages.
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { createDemoApp } from '../../examples/demo/app.js'
import { DemoClient, SECRET, memoryDemoApp, sessionSetCookie } from './demo-client.ts'

describe('demo pages', () => {
  it('counts views per page, per session, with an HttpOnly SameSite=Lax cookie of one day', async () => {
    const visitor = new DemoClient(memoryDemoApp())
    const first = await visitor.get('/').expect(200).expect('Content-Type', /html/)
    expect(first.text).toContain('You have seen this page 1 time.')
    const cookie = sessionSetCookie(first)
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).toMatch(/Expires=/i)
    expect(cookie).not.toMatch(/Secure/i)

    expect((await visitor.get('/').expect(200)).text).toContain('You have seen this page 2 times.')
    expect((await visitor.get('/about').expect(200)).text).toContain('You have seen this page 1 time.')
    expect((await visitor.get('/').expect(200)).text).toContain('You have seen this page 3 times.')
    expect((await visitor.get('/about').expect(200)).text).toContain('You have seen this page 2 times.')
  })

  it('keeps separate counters for separate visitors', async () => {
    const app = memoryDemoApp()
    const a = new DemoClient(app)
    await a.get('/')
    await a.get('/')
    expect((await new DemoClient(app).get('/')).text).toContain('You have seen this page 1 time.')
  })

  it('shows "Log in" and "Sign up" to visitors, and no devices link', async () => {
    const home = await new DemoClient(memoryDemoApp()).get('/').expect(200)
    expect(home.text).toContain('href="/login"')
    expect(home.text).toContain('href="/signup"')
    expect(home.text).not.toContain('href="/devices"')
    expect(home.text).not.toContain('Signed in as')
    expect(home.text).toContain('<a href="/" aria-current="page">Home</a>')
  })

  it.each(['/', '/about', '/signup', '/login', '/logged-out', '/no-such-page'])('%s is readable on a phone and loads nothing from elsewhere', async (path) => {
    const res = await new DemoClient(memoryDemoApp()).get(path)
    expect(res.text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')
    expect(res.text).toMatch(/^<!doctype html>/)
    // No scripts, stylesheets, images or fonts: every href is a path of this app.
    expect(res.text).not.toMatch(/<(script|link|img|iframe)\b/i)
    expect(res.text).not.toMatch(/url\(/)
    const urls = [...res.text.matchAll(/(?:href|action|src)="([^"]*)"/g)].map((m) => m[1] as string)
    expect(urls.length).toBeGreaterThan(0)
    expect(urls.filter((url) => !url.startsWith('/'))).toEqual([])
  })

  it('answers an unknown path with a 404 page that starts no session', async () => {
    const res = await new DemoClient(memoryDemoApp()).get('/no-such-page').expect(404)
    expect(res.text).toContain('<h1>Not found</h1>')
    expect(sessionSetCookie(res)).toBeUndefined()
  })

  it('answers a form body over 2 kB with 413 and the error page', async () => {
    const visitor = new DemoClient(memoryDemoApp())
    const res = await visitor.post('/login', { email: 'a@example.com', password: 'x'.repeat(3000) }, '/login')
    expect(res.status).toBe(413)
    expect(res.text).toContain('<h1>Something went wrong</h1>')
  })

  it('marks the cookie Secure over HTTPS behind a trusted proxy (secure: auto)', async () => {
    const app = createDemoApp({ secret: SECRET, trustProxy: 1 })
    const res = await request(app).get('/').set('X-Forwarded-Proto', 'https').expect(200)
    expect(sessionSetCookie(res)).toMatch(/;\s*Secure/i)
  })

  it('refuses a store without the per-user API at construction, saying what to pass', () => {
    const store = { get: async () => undefined, set: async () => {}, destroy: async () => {} }
    expect(() => createDemoApp({ secret: SECRET, store: store as never })).toThrow(/^sessionkit: the demo app needs a store with listSessionsOfUser/)
  })
})
