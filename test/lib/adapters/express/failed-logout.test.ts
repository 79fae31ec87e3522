import express from 'express'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import session from '../../../../src/express.ts'

// A store whose destroy fails: logout did not happen, so the browser must keep its cookie and its site data.
class DestroyFailsStore extends session.MemoryStore {
  override destroy(_sid: string, callback?: (err?: unknown) => void): void {
    callback?.(new Error('store is down'))
  }
}

describe('a logout whose store call fails', () => {
  it.each([
    { how: 'req.session.destroy()', unset: undefined },
    { how: "unset: 'destroy'", unset: 'destroy' as const },
  ])('sends no Clear-Site-Data and no clearing cookie ($how)', async ({ unset }) => {
    const app = express()
    app.use(session({ secret: 's', resave: false, saveUninitialized: false, store: new DestroyFailsStore(), clearCookieOnDestroy: true, clearSiteData: true, ...(unset ? { unset } : {}) }))
    app.post('/login', (req, res) => {
      req.session.user = 'mj'
      res.end()
    })
    app.post('/logout', async (req, res, next) => {
      if (unset) {
        ;(req as { session?: unknown }).session = null
        return res.end()
      }
      try {
        await req.session.destroy()
        res.end()
      } catch (error) {
        next(error)
      }
    })
    app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(503).end('try again'))
    const cookie = ((await request(app).post('/login')).headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!
    const logout = await request(app).post('/logout').set('Cookie', cookie)
    expect(logout.status).toBe(503)
    expect(logout.headers['clear-site-data']).toBeUndefined()
    expect(logout.headers['set-cookie']).toBeUndefined()
  })
})

// A store that answers destroy on a later tick, as a networked one does.
class SlowDestroyStore extends session.MemoryStore {
  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    setTimeout(() => super.destroy(sid, callback), 20)
  }
}

describe('a logout that does not wait for destroy()', () => {
  it.each([
    { name: 'the default MemoryStore', store: () => new session.MemoryStore() },
    { name: 'a store that answers later', store: () => new SlowDestroyStore() },
  ])('still waits for the store, then expires the cookie and sends Clear-Site-Data ($name)', async ({ store }) => {
    const sessions = store()
    const app = express()
    app.use(session({ secret: 's', resave: false, saveUninitialized: false, store: sessions, clearCookieOnDestroy: true, clearSiteData: true }))
    app.post('/login', (req, res) => {
      req.session.user = 'mj'
      res.end()
    })
    app.post('/logout', (req, res) => {
      void req.session.destroy()
      res.redirect('/')
    })
    const cookie = ((await request(app).post('/login')).headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!
    const logout = await request(app).post('/logout').set('Cookie', cookie)
    expect(logout.status).toBe(302)
    expect(logout.headers['clear-site-data']).toBe('"cache", "cookies", "storage"')
    expect((logout.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^connect\.sid=; .*Expires=Thu, 01 Jan 1970/)
    const sid = decodeURIComponent(cookie.split('=')[1]!).slice(2).split('.')[0]!
    expect(await new Promise((resolve) => sessions.get(sid, (_err, data) => resolve(data)))).toBeUndefined()
  })
})

describe('a logout that awaits destroy() on a store that answers at once, then writes its headers itself', () => {
  it.each([
    { how: 'writeHead', end: (res: express.Response) => void (res.writeHead(302, { Location: '/' }), res.end()) },
    { how: 'write then end', end: (res: express.Response) => void (res.write('bye'), res.end()) },
  ])('expires the cookie and sends Clear-Site-Data ($how)', async ({ end }) => {
    const app = express()
    app.use(session({ secret: 's', resave: false, saveUninitialized: false, clearCookieOnDestroy: true, clearSiteData: true }))
    app.post('/login', (req, res) => {
      req.session.user = 'mj'
      res.end()
    })
    app.post('/logout', async (req, res) => {
      await req.session.destroy()
      end(res)
    })
    const cookie = ((await request(app).post('/login')).headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!
    const logout = await request(app).post('/logout').set('Cookie', cookie)
    expect(logout.headers['set-cookie']?.[0]).toMatch(/^connect\.sid=; Path=\/; Expires=Thu, 01 Jan 1970/)
    expect(logout.headers['clear-site-data']).toBe('"cache", "cookies", "storage"')
  })
})
