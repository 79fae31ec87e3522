import { createRequire } from 'node:module'
import cookieSession from 'cookie-session'
import { Passport } from 'passport'
import { Strategy as LocalStrategy } from 'passport-local'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import session from '../../../../src/express.ts'
import flash from '../../../../src/flash.ts'
import { expressVersions } from '../../../support/express-versions.ts'

const expressSession = createRequire(import.meta.url)('express-session') as typeof session
const sessionMiddlewares = [
  { middleware: 'sessionkit/express', create: () => session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }) },
  { middleware: 'express-session', create: () => expressSession({ secret: 'keyboard cat', resave: false, saveUninitialized: false }) },
  {
    middleware: 'cookie-session',
    // passport ≥ 0.6 calls req.session.regenerate/save on login, which cookie-session lacks: the usual shim.
    create: () => {
      const cookies = cookieSession({ secret: 'keyboard cat' })
      return (req: any, res: any, next: (err?: unknown) => void) =>
        cookies(req, res, (err?: unknown) => {
          if (req.session && !req.session.regenerate) {
            req.session.regenerate = (done: () => void) => done()
            req.session.save = (done: () => void) => done()
          }
          next(err)
        })
    },
  },
]

/** The signup form this project started from: a taken email must say so, once. */
function signupApp(express: (typeof expressVersions)[number]['express'], sessionMiddleware: unknown) {
  const users = new Map<string, { email: string }>([['taken@example.com', { email: 'taken@example.com' }]])
  const passport = new Passport()
  passport.use(
    'local-signup',
    new LocalStrategy({ usernameField: 'email' }, (email, _password, done) => {
      if (users.has(email)) return done(null, false, { message: 'That email is already taken.' })
      const user = { email }
      users.set(email, user)
      return done(null, user, { message: `Welcome, ${email}!` })
    }),
  )
  passport.serializeUser((user, done) => done(null, (user as { email: string }).email))
  passport.deserializeUser((email: string, done) => done(null, users.get(email) ?? false))

  const app = express()
  app.use(express.urlencoded({ extended: false }))
  app.use(sessionMiddleware as never)
  app.use(flash())
  app.use(passport.session())
  // keepSessionInfo: passport ≥ 0.6 regenerates the session on login and would drop the success message with it.
  app.post(
    '/signup',
    passport.authenticate('local-signup', { successRedirect: '/profile', failureRedirect: '/signup', failureFlash: true, successFlash: true, keepSessionInfo: true }),
  )
  app.post('/signup-message', passport.authenticate('local-signup', { failureRedirect: '/messages', failureMessage: true }))
  app.get('/signup', (req, res) => res.json({ errors: req.flash('error') }))
  app.get('/profile', (req, res) => res.json({ user: (req.user as { email: string } | undefined)?.email ?? null, success: req.flash('success') }))
  app.get('/messages', (req, res) => res.json({ messages: (req.session as unknown as { messages?: string[] }).messages ?? [] }))
  return app
}

describe.each(expressVersions)('passport with sessionkit/flash ($version)', ({ express }) => {
  describe.each(sessionMiddlewares)('on $middleware', ({ create }) => {
    it('shows "That email is already taken." once after the failed signup redirects, and nothing on the next page', async () => {
      const agent = request.agent(signupApp(express, create()))
      const post = await agent.post('/signup').type('form').send({ email: 'taken@example.com', password: 'secret' })
      expect(post.status).toBe(302)
      expect(post.headers.location).toBe('/signup')
      expect((await agent.get('/signup')).body).toEqual({ errors: ['That email is already taken.'] })
      expect((await agent.get('/signup')).body).toEqual({ errors: [] })
    })

    it('carries successFlash to the page after a successful signup', async () => {
      const agent = request.agent(signupApp(express, create()))
      const post = await agent.post('/signup').type('form').send({ email: 'new@example.com', password: 'secret' })
      expect(post.headers.location).toBe('/profile')
      expect((await agent.get('/profile')).body).toEqual({ user: 'new@example.com', success: ['Welcome, new@example.com!'] })
      expect((await agent.get('/profile')).body).toEqual({ user: 'new@example.com', success: [] })
    })

    it("keeps failureMessage's messages in the session", async () => {
      const agent = request.agent(signupApp(express, create()))
      await agent.post('/signup-message').type('form').send({ email: 'taken@example.com', password: 'secret' })
      expect((await agent.get('/messages')).body).toEqual({ messages: ['That email is already taken.'] })
    })
  })
})
