// "Your devices" on every store the demo runs on: the user's live sessions listed (this one marked, no session id
// in the page), one revoked, or all others logged out, through the store's per-user API.
import type { Express } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDemoApp } from '../../examples/demo/app.js'
import { sessionHandle } from '../../examples/demo/session-handle.js'
import { demoBackends, openDemoStore, type OpenedDemoStore } from './demo-backends.ts'
import { DemoClient, SECRET, flashesIn, memoryDemoApp, revokeHandlesIn } from './demo-client.ts'

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'

/** Whether a visitor is signed in, by the header of a page. */
async function signedIn(visitor: DemoClient): Promise<boolean> {
  return (await visitor.get('/about').expect(200)).text.includes('Signed in as')
}

describe.each(demoBackends)('demo devices page on STORE=$kind', ({ kind, available }) => {
  const test = available ? it : it.skip
  let opened: OpenedDemoStore
  let app: Express
  beforeAll(async () => {
    if (!available) return
    opened = await openDemoStore(kind)
    app = createDemoApp({ secret: SECRET, store: opened.store, users: opened.users })
  })
  afterAll(async () => {
    await opened?.remove()
  })

  /** The session ids of a user, from the store. */
  async function sessionIdsOf(email: string): Promise<string[]> {
    const user = await opened.users.findByEmail(email)
    return (await opened.store.listSessionsOfUser(user!.id)).map((info) => info.id)
  }

  test('lists the live sessions of the user, marks this one, names them by handle only, and revokes one', async () => {
    const laptop = new DemoClient(app, FIREFOX_LINUX)
    await laptop.signUp(`list-${kind}@example.com`)
    const phone = new DemoClient(app, SAFARI_IPHONE)
    await phone.logIn(`list-${kind}@example.com`)
    // Someone else's session: never on this user's page.
    await new DemoClient(app, CHROME_WINDOWS).signUp(`other-${kind}@example.com`)

    const page = (await laptop.get('/devices').expect(200)).text
    expect(page).toContain('You are signed in on 2 devices.')
    expect(page.match(/<li class="device/g)).toHaveLength(2)
    expect(page).toMatch(/<li class="device current">\s*<h2><span title="[^"]*Firefox[^"]*">Firefox on Linux<\/span> <span class="badge">This device<\/span>/)
    expect(page).toContain('>Safari on iOS</span></h2>')
    expect(page).not.toContain('Chrome on Windows')
    expect(page).toMatch(/<dt>IP address<\/dt><dd>(::ffff:)?127\.0\.0\.1<\/dd>/)
    expect(page).toMatch(/<dt>Signed in<\/dt><dd><time datetime="[\d-]+T[\d:.]+Z" title="[^"]+ UTC">just now<\/time>/)
    expect(page).toContain('Log out everywhere else')

    const ids = await sessionIdsOf(`list-${kind}@example.com`)
    expect(ids).toHaveLength(2)
    for (const id of ids) expect(page).not.toContain(id)
    const handles = revokeHandlesIn(page)
    expect(handles).toHaveLength(1) // the phone's; this device has no Revoke button
    expect(ids.map(sessionHandle)).toContain(handles[0])

    const revoke = await laptop.post('/devices/revoke', { device: handles[0] as string }, '/devices')
    expect(revoke.status).toBe(303)
    expect(revoke.headers.location).toBe('/devices')
    const after = (await laptop.get('/devices').expect(200)).text
    expect(flashesIn(after)).toEqual(['success: Signed out Safari on iOS.'])
    expect(after).toContain('You are signed in on 1 device.')
    expect(after).not.toContain('Log out everywhere else')
    expect(await signedIn(phone)).toBe(false)
    expect(await signedIn(laptop)).toBe(true)

    // The same handle again: already gone.
    await laptop.post('/devices/revoke', { device: handles[0] as string }, '/devices')
    expect(flashesIn((await laptop.get('/devices')).text)).toEqual(['info: That device was already signed out.'])
  })

  test("cannot revoke this session, nor another user's, by handle", async () => {
    const mine = new DemoClient(app)
    await mine.signUp(`self-${kind}@example.com`)
    const theirs = new DemoClient(app)
    await theirs.signUp(`theirs-${kind}@example.com`)
    const [myId] = await sessionIdsOf(`self-${kind}@example.com`)
    const [theirId] = await sessionIdsOf(`theirs-${kind}@example.com`)

    await mine.post('/devices/revoke', { device: sessionHandle(myId as string) }, '/devices')
    expect(flashesIn((await mine.get('/devices')).text)).toEqual(['info: This is the device you are using: to end this session, log out.'])
    await mine.post('/devices/revoke', { device: sessionHandle(theirId as string) }, '/devices')
    expect(flashesIn((await mine.get('/devices')).text)).toEqual(['info: That device was already signed out.'])
    // The session id itself is not a handle either.
    await mine.post('/devices/revoke', { device: theirId as string }, '/devices')
    expect(await signedIn(mine)).toBe(true)
    expect(await signedIn(theirs)).toBe(true)
  })

  test("log out everywhere else ends the user's other sessions only", async () => {
    const laptop = new DemoClient(app, FIREFOX_LINUX)
    await laptop.signUp(`everywhere-${kind}@example.com`)
    const phone = new DemoClient(app, SAFARI_IPHONE)
    await phone.logIn(`everywhere-${kind}@example.com`)
    const desktop = new DemoClient(app, CHROME_WINDOWS)
    await desktop.logIn(`everywhere-${kind}@example.com`)
    const someoneElse = new DemoClient(app)
    await someoneElse.signUp(`bystander-${kind}@example.com`)

    const res = await laptop.post('/devices/logout-others', {}, '/devices')
    expect(res.headers.location).toBe('/devices')
    const page = (await laptop.get('/devices').expect(200)).text
    expect(flashesIn(page)).toEqual(['success: Signed out 2 other devices.'])
    expect(page).toContain('You are signed in on 1 device.')
    expect(await signedIn(phone)).toBe(false)
    expect(await signedIn(desktop)).toBe(false)
    expect(await signedIn(laptop)).toBe(true)
    expect(await signedIn(someoneElse)).toBe(true)

    await laptop.post('/devices/logout-others', {}, '/devices')
    expect(flashesIn((await laptop.get('/devices')).text)).toEqual(['success: There were no other devices to sign out.'])
  })
})

describe('demo devices page', () => {
  it('sends visitors who are not signed in to the login form, saying why', async () => {
    const visitor = new DemoClient(memoryDemoApp())
    const res = await visitor.get('/devices').expect(303)
    expect(res.headers.location).toBe('/login')
    expect(flashesIn((await visitor.get('/login')).text)).toEqual(['info: Please log in to see your devices.'])
  })

  it('escapes the user agent and the IP address', async () => {
    // Behind a trusted proxy the IP comes from X-Forwarded-For: text the client chooses, like the user agent.
    const app = createDemoApp({ secret: SECRET, trustProxy: true })
    const visitor = new DemoClient(app, `<script>alert("ua")</script> Firefox/1'&`, { 'X-Forwarded-For': '<b>10.0.0.1</b>' })
    await visitor.signUp('ua@example.com')
    const page = (await visitor.get('/devices').expect(200)).text
    expect(page).not.toContain('<script>')
    expect(page).not.toContain('<b>')
    expect(page).toContain('title="&lt;script&gt;alert(&quot;ua&quot;)&lt;/script&gt; Firefox/1&#39;&amp;">Firefox</span>')
    expect(page).toContain('<dd>&lt;b&gt;10.0.0.1&lt;/b&gt;</dd>')
  })
})
