import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import session from '../../../../src/express.ts'
import { expressVersions } from '../../../support/express-versions.ts'

// Collected over the whole file: the warning is emitted once per process (each test file gets fresh modules).
const warnings: Error[] = []
const onWarning = (warning: Error) => warnings.push(warning)
const ours = () => warnings.filter((w) => (w as Error & { code?: string }).code === 'SESSIONKIT_SECURE_COOKIE_OVER_HTTP')
beforeAll(() => {
  process.on('warning', onWarning)
})
afterAll(() => {
  process.off('warning', onWarning)
  expect(ours()).toHaveLength(1)
})
const settle = () => new Promise((resolve) => setImmediate(resolve))

describe.each(expressVersions)('a secure cookie over plain HTTP ($version)', ({ express }) => {
  function app(trustProxy: boolean) {
    const created = express()
    if (trustProxy) created.set('trust proxy', 1)
    created.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, cookie: { secure: true } }))
    created.post('/login', (req, res) => {
      req.session.user = 'alice'
      res.redirect('/')
    })
    return created
  }

  it('is withheld and explained once per process, with the three fixes', async () => {
    const plain = app(false)
    const first = await request(plain).post('/login')
    await request(plain).post('/login')
    await settle()
    expect(first.headers['set-cookie']).toBeUndefined()
    expect(ours()).toHaveLength(1)
    const message = ours()[0]!.message
    expect(message).toContain('"connect.sid" was not sent because it is marked secure')
    expect(message).toContain("app.set('trust proxy', 1)")
    expect(message).toContain("cookie.secure to 'auto'")
    expect(message).toContain('HTTPS locally')
  })

  it('is sent behind a trusted TLS proxy', async () => {
    const res = await request(app(true)).post('/login').set('X-Forwarded-Proto', 'https')
    expect(res.headers['set-cookie']?.[0]).toMatch(/^connect\.sid=.*; Secure/)
  })
})
