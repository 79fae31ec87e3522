// Sign up, log in and log out over HTTP: the flash message of the story this project started from, session
// regeneration on login, and a logout that leaves nothing behind.
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { DemoClient, PASSWORD, flashesIn, memoryDemoApp, sessionCookieValue, sessionSetCookie } from './demo-client.ts'

describe('demo accounts', () => {
  it('signs up, logs in in a new session, and welcomes once', async () => {
    const visitor = new DemoClient(memoryDemoApp())
    const before = sessionCookieValue(await visitor.get('/signup').expect(200))
    expect(before).toBeTruthy()

    const signup = await visitor.signUp('ann@example.com')
    const after = sessionCookieValue(signup)
    expect(after).toBeTruthy()
    expect(after).not.toBe(before)

    const home = await visitor.get('/').expect(200)
    expect(flashesIn(home.text)).toEqual(['success: Welcome, ann@example.com! Your account is ready.'])
    expect(home.text).toContain('Signed in as <strong>ann@example.com</strong>')
    expect(home.text).toContain('href="/devices"')
    expect(flashesIn((await visitor.get('/').expect(200)).text)).toEqual([])
  })

  it.each([
    ['the same email', 'taken@example.com'],
    ['the same email in other case and with spaces', '  Taken@EXAMPLE.com '],
  ])('signing up with %s redirects back to the form with "That email is already taken." shown once', async (_label, email) => {
    const app = memoryDemoApp()
    await new DemoClient(app).signUp('taken@example.com')

    const visitor = new DemoClient(app)
    const post = await visitor.post('/signup', { email, password: 'another password' }, '/signup')
    expect(post.status).toBe(302)
    expect(post.headers.location).toBe('/signup')
    const form = await visitor.get('/signup').expect(200)
    expect(flashesIn(form.text)).toEqual(['error: That email is already taken.'])
    expect(form.text).toContain('role="alert"')
    expect(flashesIn((await visitor.get('/signup').expect(200)).text)).toEqual([])
    expect((await visitor.get('/').expect(200)).text).not.toContain('Signed in as')
  })

  it.each([
    ['an invalid email', { email: 'not-an-email', password: PASSWORD }, 'Please enter a valid email address.'],
    ['an email over 254 characters', { email: `${'a'.repeat(250)}@x.io`, password: PASSWORD }, 'Please enter a valid email address.'],
    ['a short password', { email: 'short@example.com', password: '1234567' }, 'Please choose a password of at least 8 characters.'],
    ['a password over 200 characters', { email: 'long@example.com', password: 'p'.repeat(201) }, 'A password is at most 200 characters.'],
    ['no password', { email: 'none@example.com' }, 'Please enter your email and password.'],
  ])('sign-up with %s comes back to the form with why', async (_label, fields, message) => {
    const visitor = new DemoClient(memoryDemoApp())
    const post = await visitor.post('/signup', fields, '/signup')
    expect(post.headers.location).toBe('/signup')
    expect(flashesIn((await visitor.get('/signup')).text)).toEqual([`error: ${message}`])
    expect((await visitor.get('/')).text).not.toContain('Signed in as')
  })

  it('counts a password in characters: 8 emoji are enough', async () => {
    await new DemoClient(memoryDemoApp()).signUp('emoji@example.com', '😀'.repeat(8))
  })

  it('logs in with a new session id, and the old id is worthless afterwards', async () => {
    const app = memoryDemoApp()
    await new DemoClient(app).signUp('bob@example.com')

    const visitor = new DemoClient(app)
    const before = sessionCookieValue(await visitor.get('/login').expect(200))
    const login = await visitor.logIn('BOB@example.com')
    const after = sessionCookieValue(login)
    expect(after).toBeTruthy()
    expect(after).not.toBe(before)
    expect(flashesIn((await visitor.get('/').expect(200)).text)).toEqual(['success: Welcome back, bob@example.com!'])

    const replay = await request(app).get('/').set('Cookie', `demo.sid=${before}`).expect(200)
    expect(replay.text).not.toContain('Signed in as')
  })

  it.each([
    ['a wrong password', 'carol@example.com', 'wrong password'],
    ['an unknown email', 'nobody@example.com', PASSWORD],
  ])('refuses %s with the same message, once', async (_label, email, password) => {
    const app = memoryDemoApp()
    await new DemoClient(app).signUp('carol@example.com')
    const visitor = new DemoClient(app)
    const post = await visitor.post('/login', { email, password }, '/login')
    expect(post.headers.location).toBe('/login')
    expect(flashesIn((await visitor.get('/login')).text)).toEqual(['error: Wrong email or password.'])
    expect(flashesIn((await visitor.get('/login')).text)).toEqual([])
    expect((await visitor.get('/')).text).not.toContain('Signed in as')
  })

  it('logout destroys the session, expires the cookie and shows a page that starts no new one', async () => {
    const app = memoryDemoApp()
    const visitor = new DemoClient(app)
    const signedIn = sessionCookieValue(await visitor.signUp('dave@example.com'))

    const logout = await visitor.post('/logout', {}, '/')
    expect(logout.status).toBe(303)
    expect(logout.headers.location).toBe('/logged-out')
    expect(sessionSetCookie(logout)).toMatch(/^demo\.sid=;.*Expires=Thu, 01 Jan 1970 00:00:00 GMT/)

    const goodbye = await visitor.get('/logged-out').expect(200)
    expect(goodbye.text).toContain('You have logged out')
    expect(sessionSetCookie(goodbye)).toBeUndefined()

    // The destroyed session is gone from the store: replaying its cookie gives a fresh, signed-out session.
    const replay = await request(app).get('/').set('Cookie', `demo.sid=${signedIn}`).expect(200)
    expect(replay.text).not.toContain('Signed in as')
    expect(replay.text).toContain('You have seen this page 1 time.')
  })

  it('escapes the email in the header, the welcome message and the home page', async () => {
    const visitor = new DemoClient(memoryDemoApp())
    const evil = `<script>"x"&'</script>@example.com`
    await visitor.signUp(evil)
    const home = await visitor.get('/').expect(200)
    expect(home.text).not.toContain('<script>')
    const escaped = '&lt;script&gt;&quot;x&quot;&amp;&#39;&lt;/script&gt;@example.com'
    expect(home.text).toContain(`Signed in as <strong>${escaped}</strong>`)
    expect(flashesIn(home.text)).toEqual([`success: Welcome, ${escaped}! Your account is ready.`])
    expect(home.text).toContain(`Welcome back, ${escaped}.`)
  })
})
