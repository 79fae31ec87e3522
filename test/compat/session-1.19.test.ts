/**
 * NOT a port: express-session 1.19.0 added `cookie` as a function of req
 * (expressjs/session#1027) and `cookie.sameSite: 'auto'` (#1087), but the
 * copy of upstream test/session.js this suite was ported from predates them.
 * These tests pin 1.19.0's behaviour (from its index.js) in the same style;
 * they pass against the real express-session 1.19.0.
 */
import request from 'supertest'
import { describe, it } from 'vitest'
import { hostedImplementations } from './implementations.ts'
import {
  serverHelpers,
  shouldNotHaveHeader,
  shouldSetCookie,
  shouldSetCookieWithAttribute,
  shouldSetCookieWithAttributeAndValue,
  shouldSetCookieWithoutAttribute
} from './support/utils.ts'

const min = 60 * 1000

describe.each(hostedImplementations)('session() ($name on $host.name)', ({ session, host }) => {
  const { createServer } = serverHelpers(session, host)

  describe('1.19 additions', () => {
    describe('cookie option as a function', () => {
      function cookieForRequest (req: any) {
        return {
          maxAge: min,
          path: req.url.indexOf('/admin') === 0 ? '/admin' : '/',
          httpOnly: req.headers['x-http-only'] !== 'false'
        }
      }

      it('should resolve cookie options per request', async () => {
        const server = createServer({ cookie: cookieForRequest })

        await request(server)
          .get('/admin/users')
          .expect(shouldSetCookieWithAttributeAndValue('connect.sid', 'Path', '/admin'))
          .expect(shouldSetCookieWithAttribute('connect.sid', 'HttpOnly'))
          .expect(shouldSetCookieWithAttribute('connect.sid', 'Expires'))
          .expect(200)

        await request(server)
          .get('/foo')
          .set('X-Http-Only', 'false')
          .expect(shouldSetCookieWithAttributeAndValue('connect.sid', 'Path', '/'))
          .expect(shouldSetCookieWithoutAttribute('connect.sid', 'HttpOnly'))
          .expect(200)
      })

      it('should use the resolved path for the pathname check', async () => {
        const server = createServer({ cookie: function () { return { path: '/foo' } } }, function (req: any, res: any) {
          res.end(typeof req.session)
        })

        await request(server)
          .get('/')
          .expect(shouldNotHaveHeader('Set-Cookie'))
          .expect(200, 'undefined')

        await request(server)
          .get('/foo/bar')
          .expect(shouldSetCookieWithAttributeAndValue('connect.sid', 'Path', '/foo'))
          .expect(200, 'object')
      })
    })

    describe('when "sameSite" set to "auto"', () => {
      describe('when "proxy" is "true"', () => {
        it('should set SameSite=None when X-Forwarded-Proto is https', async () => {
          const server = createServer({ proxy: true, cookie: { maxAge: min, sameSite: 'auto' } })

          await request(server)
            .get('/')
            .set('X-Forwarded-Proto', 'https')
            .expect(shouldSetCookieWithAttributeAndValue('connect.sid', 'SameSite', 'None'))
            .expect(200)
        })

        it('should set SameSite=Lax when not https', async () => {
          const server = createServer({ proxy: true, cookie: { maxAge: min, sameSite: 'auto' } })

          await request(server)
            .get('/')
            .expect(shouldSetCookieWithAttributeAndValue('connect.sid', 'SameSite', 'Lax'))
            .expect(200)
        })
      })

      describe('when "proxy" is undefined', () => {
        function setup (req: any) {
          req.secure = JSON.parse(req.headers['x-secure'])
        }

        it('should set SameSite=None if req.secure = true', async () => {
          const server = createServer(setup, { cookie: { maxAge: min, sameSite: 'auto' } })

          await request(server)
            .get('/')
            .set('X-Secure', 'true')
            .expect(shouldSetCookieWithAttributeAndValue('connect.sid', 'SameSite', 'None'))
            .expect(200)
        })

        it('should set SameSite=Lax if req.secure = false', async () => {
          const server = createServer(setup, { cookie: { maxAge: min, sameSite: 'auto' } })

          await request(server)
            .get('/')
            .set('X-Secure', 'false')
            .expect(shouldSetCookieWithAttributeAndValue('connect.sid', 'SameSite', 'Lax'))
            .expect(200)
        })
      })

      it('should combine with secure "auto"', async () => {
        const server = createServer({ proxy: true, cookie: { maxAge: min, secure: 'auto', sameSite: 'auto' } })

        await request(server)
          .get('/')
          .set('X-Forwarded-Proto', 'https')
          .expect(shouldSetCookie('connect.sid'))
          .expect(shouldSetCookieWithAttribute('connect.sid', 'Secure'))
          .expect(shouldSetCookieWithAttributeAndValue('connect.sid', 'SameSite', 'None'))
          .expect(200)
      })
    })
  })
})
