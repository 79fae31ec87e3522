import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import request from 'supertest'
import { createDemoApp } from '../../examples/demo/app.js'
import { SqliteStore } from '../../src/stores/sqlite.ts'

const SECRET = 'test-secret'

function newAgent() {
  return request.agent(createDemoApp({ secret: SECRET }))
}

/** An app and an agent on it; `request(app)` then sends requests without the agent's cookies. */
function appAndAgent() {
  const app = createDemoApp({ secret: SECRET })
  return { app, agent: request.agent(app) }
}

/** The `demo.sid` Set-Cookie header of a response, if any. */
function sessionSetCookie(res: request.Response): string | undefined {
  const header = res.headers['set-cookie'] as unknown as string[] | string | undefined
  const list = header === undefined ? [] : Array.isArray(header) ? header : [header]
  return list.find((c) => c.startsWith('demo.sid='))
}

/** The value of the `demo.sid` cookie a response sets. */
function sessionCookieValue(res: request.Response): string | undefined {
  return sessionSetCookie(res)?.split(';')[0]?.slice('demo.sid='.length)
}

describe('demo app', () => {
  it('counts views per page', async () => {
    const agent = newAgent()
    const first = await agent.get('/').expect(200).expect('Content-Type', /html/)
    expect(first.text).toContain('You have seen this page 1 time.')
    const cookie = sessionSetCookie(first)
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).toMatch(/Expires=/i)
    expect(cookie).not.toMatch(/Secure/i)

    expect((await agent.get('/').expect(200)).text).toContain('You have seen this page 2 times.')
    expect((await agent.get('/about').expect(200)).text).toContain('You have seen this page 1 time.')
    expect((await agent.get('/').expect(200)).text).toContain('You have seen this page 3 times.')
    expect((await agent.get('/about').expect(200)).text).toContain('You have seen this page 2 times.')
  })

  it('keeps separate counters for separate visitors', async () => {
    const a = newAgent()
    const b = newAgent()
    await a.get('/')
    await a.get('/')
    expect((await b.get('/')).text).toContain('You have seen this page 1 time.')
  })

  it('shows a login link and form when signed out', async () => {
    const res = await newAgent().get('/').expect(200)
    expect(res.text).toContain('href="/login"')
    expect(res.text).not.toContain('Signed in as')
    const form = await newAgent().get('/login').expect(200)
    expect(form.text).toMatch(/<form method="post" action="\/login">/)
    expect(form.text).toContain('name="username"')
    expect(form.text).toContain('name="viewport"')
  })

  it('login regenerates the session and sets the user', async () => {
    const agent = newAgent()
    const before = sessionCookieValue(await agent.get('/'))
    expect(before).toBeTruthy()

    const login = await agent.post('/login').type('form').send({ username: '  alice  ' })
    expect(login.status).toBe(303)
    expect(login.headers.location).toBe('/')
    const after = sessionCookieValue(login)
    expect(after).toBeTruthy()
    expect(after).not.toBe(before)

    const home = await agent.get('/').expect(200)
    expect(home.text).toContain('Signed in as <strong>alice</strong>')
    expect(home.text).toContain('action="/logout"')
    expect(home.text).not.toContain('href="/login"')
    expect((await agent.get('/about')).text).toContain('Signed in as <strong>alice</strong>')
  })

  it('shows the welcome flash message once after login, escaped', async () => {
    const agent = newAgent()
    await agent.get('/')
    await agent.post('/login').type('form').send({ username: '<b>bob</b>' })
    const first = await agent.get('/').expect(200)
    expect(first.text).toContain('<p class="flash flash-success" role="status">Welcome, &lt;b&gt;bob&lt;/b&gt;!</p>')
    const again = await agent.get('/').expect(200)
    expect(again.text).not.toContain('class="flash')
  })

  it('the old session id no longer works after login', async () => {
    const { app, agent } = appAndAgent()
    const before = sessionCookieValue(await agent.get('/'))
    await agent.post('/login').type('form').send({ username: 'alice' }).expect(303)
    const replay = await request(app).get('/').set('Cookie', `demo.sid=${before}`).expect(200)
    expect(replay.text).not.toContain('Signed in as')
  })

  it('logout destroys the session and expires the cookie', async () => {
    const { app, agent } = appAndAgent()
    const signedIn = sessionCookieValue(await agent.post('/login').type('form').send({ username: 'alice' }).expect(303))
    expect((await agent.get('/')).text).toContain('Signed in as')

    const logout = await agent.post('/logout').expect(303)
    expect(logout.headers.location).toBe('/')
    const cleared = sessionSetCookie(logout)
    expect(cleared).toBeDefined()
    expect(cleared).toMatch(/^demo\.sid=;/)
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970 00:00:00 GMT/)

    const home = await agent.get('/').expect(200)
    expect(home.text).toContain('href="/login"')
    expect(home.text).not.toContain('Signed in as')

    // The destroyed session is gone from the store: replaying its cookie gives a fresh, signed-out session.
    const replay = await request(app).get('/').set('Cookie', `demo.sid=${signedIn}`).expect(200)
    expect(replay.text).not.toContain('Signed in as')
    expect(replay.text).toContain('You have seen this page 1 time.')
  })

  it.each([
    ['an empty username', ''],
    ['a blank username', '   '],
    ['a username over 40 characters', 'x'.repeat(41)],
  ])('rejects %s with 400 and re-shows the form', async (_label, username) => {
    const agent = newAgent()
    const res = await agent.post('/login').type('form').send({ username }).expect(400)
    expect(res.headers['content-type']).toMatch(/html/)
    expect(res.text).toMatch(/class="error"[^>]*>(Please enter a username\.|A username is at most 40 characters\.)</)
    expect(res.text).toContain('name="username"')
    expect((await agent.get('/')).text).not.toContain('Signed in as')
  })

  it('rejects a missing username field with 400', async () => {
    await newAgent().post('/login').type('form').send({}).expect(400)
  })

  it('accepts 40 characters (counted as characters, after trimming)', async () => {
    const agent = newAgent()
    await agent.post('/login').type('form').send({ username: ` ${'é'.repeat(39)}😀 ` }).expect(303)
    expect((await agent.get('/')).text).toContain(`Signed in as <strong>${'é'.repeat(39)}😀</strong>`)
  })

  it('escapes the username in HTML', async () => {
    const agent = newAgent()
    const evil = `<script>alert("x")</script>&'`
    await agent.post('/login').type('form').send({ username: evil }).expect(303)
    const home = await agent.get('/').expect(200)
    expect(home.text).not.toContain('<script>')
    expect(home.text).toContain('Signed in as <strong>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</strong>')
  })

  it('escapes the refilled username when the form is re-shown', async () => {
    const tooLong = `"><script>alert(1)</script>${'x'.repeat(40)}`
    const res = await newAgent().post('/login').type('form').send({ username: tooLong }).expect(400)
    expect(res.text).not.toContain('<script>')
    expect(res.text).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('marks the cookie Secure over HTTPS behind a trusted proxy (secure: auto)', async () => {
    const app = createDemoApp({ secret: SECRET, trustProxy: 1 })
    const res = await request(app).get('/').set('X-Forwarded-Proto', 'https').expect(200)
    expect(sessionSetCookie(res)).toMatch(/;\s*Secure/i)
  })

  // The demo's default store is SQLite: a restarted server (a new app on the same file) still knows the user.
  it('keeps the user logged in across a restart with the SQLite store', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sessionkit-demo-'))
    const path = join(directory, 'sessions.db')
    try {
      const first = new SqliteStore({ path, userKey: 'user' })
      const before = request.agent(createDemoApp({ secret: SECRET, store: first }))
      const login = await before.post('/login').type('form').send({ username: 'alice' }).expect(303)
      await first.close()

      const second = new SqliteStore({ path, userKey: 'user' })
      const restarted = createDemoApp({ secret: SECRET, store: second })
      const home = await request(restarted).get('/').set('Cookie', `demo.sid=${sessionCookieValue(login)}`).expect(200)
      expect(home.text).toContain('Signed in as <strong>alice</strong>')
      await second.close()
    } finally {
      await rm(directory, { recursive: true, force: true })
    }
  })
})
