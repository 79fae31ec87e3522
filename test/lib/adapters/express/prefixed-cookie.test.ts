import express from 'express'
import request from 'supertest'
import { afterEach, describe, expect, it, vi } from 'vitest'
import session from '../../../../src/express.ts'

// A __Host- cookie with secure: 'auto' (the README's recommended setting) must never go out without Secure: over
// plain HTTP the browser would drop it in silence, so it is withheld with the warning instead.
describe("a __Host- cookie with secure: 'auto'", () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  function app() {
    const app = express()
    app.use(session({ name: '__Host-sid', secret: 's', resave: false, saveUninitialized: false, proxy: true, cookie: { secure: 'auto', sameSite: 'lax' } }))
    app.get('/', (req, res) => {
      req.session.views = 1
      res.end()
    })
    return app
  }

  it('is sent with Secure on HTTPS', async () => {
    const response = await request(app()).get('/').set('X-Forwarded-Proto', 'https')
    expect((response.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^__Host-sid=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/)
  })

  it('is withheld over plain HTTP, and the warning says why', async () => {
    const warnings: string[] = []
    vi.spyOn(process, 'emitWarning').mockImplementation(((warning: string | Error) => void warnings.push(String(warning))) as typeof process.emitWarning)
    const response = await request(app()).get('/')
    expect(response.headers['set-cookie']).toBeUndefined()
    expect(warnings.join('\n')).toMatch(/__Host-sid/)
  })
})
