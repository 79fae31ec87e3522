// Every POST of the demo needs the session's CSRF token: without it (or with another session's) the answer is
// 403 and nothing happens.
import { beforeAll, describe, expect, it } from 'vitest'
import { DemoClient, PASSWORD, csrfTokenIn, memoryDemoApp, revokeHandlesIn } from './demo-client.ts'

/** A signed-in visitor with a second device, so every form has something to do. */
async function signedInWithTwoDevices() {
  const app = memoryDemoApp()
  const laptop = new DemoClient(app)
  await laptop.signUp('erin@example.com')
  const phone = new DemoClient(app, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')
  await phone.logIn('erin@example.com')
  const handle = revokeHandlesIn((await laptop.get('/devices').expect(200)).text)[0] as string
  return { app, laptop, phone, handle }
}

const forms: Array<[string, (handle: string) => Record<string, string>]> = [
  ['/signup', () => ({ email: 'new@example.com', password: PASSWORD })],
  ['/login', () => ({ email: 'erin@example.com', password: PASSWORD })],
  ['/logout', () => ({})],
  ['/devices/revoke', (handle) => ({ device: handle })],
  ['/devices/logout-others', () => ({})],
]

/** Whether both devices are still signed in as before (so the refused POST changed nothing). */
async function bothStillSignedIn(laptop: DemoClient, phone: DemoClient): Promise<boolean> {
  const [a, b] = await Promise.all([laptop.get('/about'), phone.get('/about')])
  return a.text.includes('Signed in as <strong>erin@example.com') && b.text.includes('Signed in as <strong>erin@example.com')
}

describe('demo CSRF tokens', () => {
  // Refused POSTs change nothing, so they share one signed-in user with two devices: each test checks that both
  // are still signed in afterwards (a POST that got through would log one out and fail every later test too).
  let devices: Awaited<ReturnType<typeof signedInWithTwoDevices>>
  beforeAll(async () => {
    devices = await signedInWithTwoDevices()
  })

  it.each(forms)('POST %s without a token is refused with 403 and changes nothing', async (path, fields) => {
    const { laptop, phone, handle } = devices
    const res = await laptop.agent.post(path).type('form').send(fields(handle))
    expect(res.status).toBe(403)
    expect(res.text).toContain('<h1>Form expired</h1>')
    expect(await bothStillSignedIn(laptop, phone)).toBe(true)
  })

  it.each(forms)("POST %s with another session's token is refused with 403", async (path, fields) => {
    const { laptop, phone, handle } = devices
    const phoneToken = csrfTokenIn((await phone.get('/about')).text)
    const res = await laptop.agent.post(path).type('form').send({ ...fields(handle), _csrf: phoneToken })
    expect(res.status).toBe(403)
    expect(await bothStillSignedIn(laptop, phone)).toBe(true)
  })

  it.each([
    ['empty', (_real: string) => ['']],
    ['one character short', (real: string) => [real.slice(1)]],
    ['the right one sent twice (an array)', (real: string) => [real, real]],
  ])('refuses a token that is %s', async (_label, tokensFrom) => {
    const { laptop, phone } = devices
    const real = csrfTokenIn((await laptop.get('/about')).text)
    const sent = tokensFrom(real).map((token) => `_csrf=${encodeURIComponent(token)}`).join('&')
    const res = await laptop.agent.post('/logout').type('form').send(sent)
    expect(res.status).toBe(403)
    expect(await bothStillSignedIn(laptop, phone)).toBe(true)
  })

  it('refuses a POST from a visitor who has no session yet', async () => {
    const res = await new DemoClient(memoryDemoApp()).agent.post('/login').type('form').send({ email: 'a@example.com', password: PASSWORD, _csrf: 'guess' })
    expect(res.status).toBe(403)
  })

  it('gives the session a new token at login, and the old one stops working', async () => {
    const app = memoryDemoApp()
    await new DemoClient(app).signUp('frank@example.com')
    const visitor = new DemoClient(app)
    const before = csrfTokenIn((await visitor.get('/login')).text)
    await visitor.logIn('frank@example.com')
    const after = csrfTokenIn((await visitor.get('/about')).text)
    expect(after).not.toBe(before)
    expect((await visitor.agent.post('/logout').type('form').send({ _csrf: before })).status).toBe(403)
    expect((await visitor.agent.post('/logout').type('form').send({ _csrf: after })).status).toBe(303)
  })

  it('keeps one token for the whole session', async () => {
    const visitor = new DemoClient(memoryDemoApp())
    const first = csrfTokenIn((await visitor.get('/signup')).text)
    expect(csrfTokenIn((await visitor.get('/login')).text)).toBe(first)
    expect(first).toMatch(/^[\w-]{43}$/)
  })
})
