import express from 'express'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import session from '../../../../src/express.ts'
import flash from '../../../../src/flash.ts'

// An app whose sessions another request (a "log out everywhere", an admin revoking) deletes while one uses them.
function appWithLogin(options: { rolling?: boolean; noStore?: boolean } = {}) {
  const store = new session.MemoryStore()
  const app = express()
  app.use(session({ secret: 's', resave: false, saveUninitialized: false, store, cookie: { maxAge: 60_000 }, ...options }))
  app.use(flash())
  app.post('/login', (req, res) => {
    req.session.user = 'mj'
    res.end()
  })
  return { app, store }
}

function appRevokingMidRequest(options: { rolling?: boolean; noStore?: boolean }) {
  const { app, store } = appWithLogin(options)
  app.post('/change', (req, res, next) => {
    store.destroy(req.sessionID, (err) => {
      if (err) return next(err)
      req.session.theme = 'dark'
      res.end('changed')
    })
  })
  return { app, store }
}

async function loginCookie(app: express.Express): Promise<string> {
  return ((await request(app).post('/login')).headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!
}

describe('a session revoked while a request that changes it runs', () => {
  it.each([{ rolling: false }, { rolling: true }])('is not recreated, and its cookie is expired in the browser (rolling: $rolling)', async ({ rolling }) => {
    const { app, store } = appRevokingMidRequest({ rolling, noStore: true })
    const cookie = await loginCookie(app)
    const response = await request(app).post('/change').set('Cookie', cookie)
    expect(response.status).toBe(200)
    const setCookie = response.headers['set-cookie'] as unknown as string[]
    expect(setCookie).toHaveLength(1)
    expect(setCookie[0]).toMatch(/^connect\.sid=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly/)
    expect(response.headers['cache-control']).toBe('no-store')
    const length = await new Promise<number>((resolve, reject) => store.length((err, n) => (err ? reject(err) : resolve(n as number))))
    expect(length).toBe(0)
  })
})

describe('a session revoked while a request adds a flash message and saves twice', () => {
  it('is written by neither save', async () => {
    const { app, store } = appWithLogin()
    app.post('/revoke', (req, res, next) => {
      store.destroy(req.sessionID, (err) => {
        if (err) return next(err)
        req.flash('info', 'hello')
        req.session.save((saveError) => {
          if (saveError) return next(saveError)
          req.session.v = 9
          res.end('done')
        })
      })
    })
    const cookie = await loginCookie(app as express.Express)
    const response = await request(app).post('/revoke').set('Cookie', cookie)
    expect(response.status).toBe(200)
    expect((response.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^connect\.sid=; Path=\/; Expires=Thu, 01 Jan 1970/)
    const length = await new Promise<number>((resolve, reject) => store.length((err, n) => (err ? reject(err) : resolve(n as number))))
    expect(length).toBe(0)
  })
})
