import { createRequire } from 'node:module'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import session from '../../../../src/express.ts'
import flash from '../../../../src/flash.ts'
import express from 'express'

const expressSession = createRequire(import.meta.url)('express-session') as typeof session

// Collected over the whole file: each warning is emitted once per process (each test file gets fresh modules).
const warnings: (Error & { code?: string })[] = []
const onWarning = (warning: Error) => warnings.push(warning)
const withCode = (code: string) => warnings.filter((w) => w.code === code)
beforeAll(() => {
  process.on('warning', onWarning)
})
afterAll(() => {
  process.off('warning', onWarning)
})
const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('a flash message the browser could never read', () => {
  // First: the warnings are once per process, so a later test could not see one fire again.
  it('stays quiet when the message can be read', async () => {
    const before = warnings.length
    const app = express()
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, cookie: { path: '/admin' } }))
    app.use(flash())
    app.post('/admin/users', (req, res) => {
      req.flash('info', 'Saved!')
      res.redirect('/admin/users/1')
    })
    app.get('/admin/read', (req, res) => res.json(req.flash('info')))
    await request(app).post('/admin/users')
    await request(app).get('/admin/read')
    await settle()
    expect(warnings.length).toBe(before)
  })

  it('warns once, with the fixes, when the session cookie is secure and the request is plain HTTP (with express-session too)', async () => {
    const app = express()
    app.use(expressSession({ secret: 'keyboard cat', resave: false, saveUninitialized: false, cookie: { secure: true } }))
    app.use(flash())
    app.post('/signup', (req, res) => {
      req.flash('error', 'That email is already taken.')
      res.redirect('/signup')
    })
    await request(app).post('/signup')
    await request(app).post('/signup')
    await settle()
    const found = withCode('SESSIONKIT_FLASH_SECURE_COOKIE_OVER_HTTP')
    expect(found).toHaveLength(1)
    expect(found[0]!.message).toContain("app.set('trust proxy', 1)")
    expect(found[0]!.message).toContain("cookie.secure: 'auto'")
  })

  it('warns once when a redirect leaves the session cookie’s path', async () => {
    const app = express()
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, cookie: { path: '/admin' } }))
    app.use(flash())
    app.post('/admin/users', (req, res) => {
      req.flash('info', 'Saved!')
      res.redirect('/users')
    })
    await request(app).post('/admin/users')
    await settle()
    const found = withCode('SESSIONKIT_FLASH_COOKIE_PATH')
    expect(found).toHaveLength(1)
    expect(found[0]!.message).toContain("redirect to /users, but the session cookie's path is /admin")
  })
})
