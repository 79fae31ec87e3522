/**
 * Port of express-session test/session.js, part 2: the option sections of
 * describe('session()') (proxy, cookie, genid, key, name, rolling, resave,
 * saveUninitialized, secret, unset).
 */
import assert from 'node:assert'
import crypto from 'node:crypto'
import type http from 'node:http'
import request from 'supertest'
import { beforeAll, describe, it } from 'vitest'
import { hostedImplementations } from './implementations.ts'
import {
  call,
  cookie,
  failTrap,
  mountAt,
  nextEvent,
  serverHelpers,
  shouldNotHaveHeader,
  shouldNotSetSessionInStore,
  shouldSetCookie,
  shouldSetCookieToValue,
  shouldSetCookieWithAttribute,
  shouldSetCookieWithoutAttribute,
  shouldSetSessionInStore
} from './support/utils.ts'

const min = 60 * 1000

describe.each(hostedImplementations)('session() ($name on $host.name)', ({ name, session, host }) => {
  const { createServer } = serverHelpers(session, host)

  describe('proxy option', () => {
    describe('when enabled', () => {
      let server: http.Server
      beforeAll(() => {
        server = createServer({ proxy: true, cookie: { secure: true, maxAge: 5 } })
      })

      it('should trust X-Forwarded-Proto when string', async () => {
        await request(server)
          .get('/')
          .set('X-Forwarded-Proto', 'https')
          .expect(shouldSetCookie('connect.sid'))
          .expect(200)
      })

      it('should trust X-Forwarded-Proto when comma-separated list', async () => {
        await request(server)
          .get('/')
          .set('X-Forwarded-Proto', 'https,http')
          .expect(shouldSetCookie('connect.sid'))
          .expect(200)
      })

      it('should work when no header', async () => {
        await request(server)
          .get('/')
          .expect(shouldNotHaveHeader('Set-Cookie'))
          .expect(200)
      })
    })

    describe('when disabled', () => {
      let server: http.Server
      beforeAll(() => {
        function setup (req: any) {
          req.secure = req.headers['x-secure']
            ? JSON.parse(req.headers['x-secure'])
            : undefined
        }

        function respond (req: any, res: any) {
          res.end(String(req.secure))
        }

        server = createServer(setup, { proxy: false, cookie: { secure: true } }, respond)
      })

      it('should not trust X-Forwarded-Proto', async () => {
        await request(server)
          .get('/')
          .set('X-Forwarded-Proto', 'https')
          .expect(shouldNotHaveHeader('Set-Cookie'))
          .expect(200)
      })

      it('should ignore req.secure', async () => {
        await request(server)
          .get('/')
          .set('X-Forwarded-Proto', 'https')
          .set('X-Secure', 'true')
          .expect(shouldNotHaveHeader('Set-Cookie'))
          .expect(200, 'true')
      })
    })

    describe('when unspecified', () => {
      let server: http.Server
      beforeAll(() => {
        function setup (req: any) {
          req.secure = req.headers['x-secure']
            ? JSON.parse(req.headers['x-secure'])
            : undefined
        }

        function respond (req: any, res: any) {
          res.end(String(req.secure))
        }

        server = createServer(setup, { cookie: { secure: true } }, respond)
      })

      it('should not trust X-Forwarded-Proto', async () => {
        await request(server)
          .get('/')
          .set('X-Forwarded-Proto', 'https')
          .expect(shouldNotHaveHeader('Set-Cookie'))
          .expect(200)
      })

      it('should use req.secure', async () => {
        await request(server)
          .get('/')
          .set('X-Forwarded-Proto', 'https')
          .set('X-Secure', 'true')
          .expect(shouldSetCookie('connect.sid'))
          .expect(200, 'true')
      })
    })
  })

  describe('cookie option', () => {
    describe('when "path" set to "/foo/bar"', () => {
      let server: http.Server
      beforeAll(() => {
        server = createServer({ cookie: { path: '/foo/bar' } })
      })

      it('should not set cookie for "/" request', async () => {
        await request(server)
          .get('/')
          .expect(shouldNotHaveHeader('Set-Cookie'))
          .expect(200)
      })

      it('should not set cookie for "http://foo/bar" request', async () => {
        await request(server)
          .get('/')
          .set('host', 'http://foo/bar')
          .expect(shouldNotHaveHeader('Set-Cookie'))
          .expect(200)
      })

      // (sic) the original requests /foo/bar/baz here too
      it('should set cookie for "/foo/bar" request', async () => {
        await request(server)
          .get('/foo/bar/baz')
          .expect(shouldSetCookie('connect.sid'))
          .expect(200)
      })

      it('should set cookie for "/foo/bar/baz" request', async () => {
        await request(server)
          .get('/foo/bar/baz')
          .expect(shouldSetCookie('connect.sid'))
          .expect(200)
      })

      describe('when mounted at "/foo"', () => {
        let mounted: http.Server
        beforeAll(() => {
          mounted = createServer(mountAt('/foo'), { cookie: { path: '/foo/bar' } })
        })

        it('should set cookie for "/foo/bar" request', async () => {
          await request(mounted)
            .get('/foo/bar')
            .expect(shouldSetCookie('connect.sid'))
            .expect(200)
        })

        it('should not set cookie for "/foo/foo/bar" request', async () => {
          await request(mounted)
            .get('/foo/foo/bar')
            .expect(shouldNotHaveHeader('Set-Cookie'))
            .expect(200)
        })
      })
    })

    describe('when "secure" set to "auto"', () => {
      describe('when "proxy" is "true"', () => {
        let server: http.Server
        beforeAll(() => {
          server = createServer({ proxy: true, cookie: { maxAge: 5, secure: 'auto' } })
        })

        it('should set secure when X-Forwarded-Proto is https', async () => {
          await request(server)
            .get('/')
            .set('X-Forwarded-Proto', 'https')
            .expect(shouldSetCookieWithAttribute('connect.sid', 'Secure'))
            .expect(200)
        })
      })

      describe('when "proxy" is "false"', () => {
        let server: http.Server
        beforeAll(() => {
          server = createServer({ proxy: false, cookie: { maxAge: 5, secure: 'auto' } })
        })

        it('should not set secure when X-Forwarded-Proto is https', async () => {
          await request(server)
            .get('/')
            .set('X-Forwarded-Proto', 'https')
            .expect(shouldSetCookieWithoutAttribute('connect.sid', 'Secure'))
            .expect(200)
        })
      })

      describe('when "proxy" is undefined', () => {
        let server: http.Server
        beforeAll(() => {
          function setup (req: any) {
            req.secure = JSON.parse(req.headers['x-secure'])
          }

          function respond (req: any, res: any) {
            res.end(String(req.secure))
          }

          server = createServer(setup, { cookie: { secure: 'auto' } }, respond)
        })

        it('should set secure if req.secure = true', async () => {
          await request(server)
            .get('/')
            .set('X-Secure', 'true')
            .expect(shouldSetCookieWithAttribute('connect.sid', 'Secure'))
            .expect(200, 'true')
        })

        it('should not set secure if req.secure = false', async () => {
          await request(server)
            .get('/')
            .set('X-Secure', 'false')
            .expect(shouldSetCookieWithoutAttribute('connect.sid', 'Secure'))
            .expect(200, 'false')
        })
      })
    })
  })

  describe('genid option', () => {
    it('should reject non-function values', () => {
      assert.throws(session.bind(null, { genid: 'bogus!' }), /genid.*must/)
    })

    it('should provide default generator', async () => {
      await request(createServer())
        .get('/')
        .expect(shouldSetCookie('connect.sid'))
        .expect(200)
    })

    it('should allow custom function', async () => {
      function genid () { return 'apple' }

      await request(createServer({ genid: genid }))
        .get('/')
        .expect(shouldSetCookieToValue('connect.sid', 's%3Aapple.D8Y%2BpkTAmeR0PobOhY4G97PRW%2Bj7bUnP%2F5m6%2FOn1MCU'))
        .expect(200)
    })

    it('should encode unsafe chars', async () => {
      function genid () { return '%' }

      await request(createServer({ genid: genid }))
        .get('/')
        .expect(shouldSetCookieToValue('connect.sid', 's%3A%25.kzQ6x52kKVdF35Qh62AWk4ZekS28K5XYCXKa%2FOTZ01g'))
        .expect(200)
    })

    it('should provide req argument', async () => {
      function genid (req: any) { return req.url }

      await request(createServer({ genid: genid }))
        .get('/foo')
        .expect(shouldSetCookieToValue('connect.sid', 's%3A%2Ffoo.paEKBtAHbV5s1IB8B2zPnzAgYmmnRPIqObW4VRYj%2FMQ'))
        .expect(200)
    })
  })

  describe('key option', () => {
    it('should default to "connect.sid"', async () => {
      await request(createServer())
        .get('/')
        .expect(shouldSetCookie('connect.sid'))
        .expect(200)
    })

    it('should allow overriding', async () => {
      await request(createServer({ key: 'session_id' }))
        .get('/')
        .expect(shouldSetCookie('session_id'))
        .expect(200)
    })
  })

  describe('name option', () => {
    it('should default to "connect.sid"', async () => {
      await request(createServer())
        .get('/')
        .expect(shouldSetCookie('connect.sid'))
        .expect(200)
    })

    it('should set the cookie name', async () => {
      await request(createServer({ name: 'session_id' }))
        .get('/')
        .expect(shouldSetCookie('session_id'))
        .expect(200)
    })
  })

  describe('rolling option', () => {
    it('should default to false', async () => {
      const server = createServer(null, function (req: any, res: any) {
        req.session.user = 'bob'
        res.end()
      })

      const res = await request(server)
        .get('/')
        .expect(shouldSetCookie('connect.sid'))
        .expect(200)

      await request(server)
        .get('/')
        .set('Cookie', cookie(res))
        .expect(shouldNotHaveHeader('Set-Cookie'))
        .expect(200)
    })

    it('should force cookie on unmodified session', async () => {
      const server = createServer({ rolling: true }, function (req: any, res: any) {
        req.session.user = 'bob'
        res.end()
      })

      const res = await request(server)
        .get('/')
        .expect(shouldSetCookie('connect.sid'))
        .expect(200)

      await request(server)
        .get('/')
        .set('Cookie', cookie(res))
        .expect(shouldSetCookie('connect.sid'))
        .expect(200)
    })

    it('should not force cookie on uninitialized session if saveUninitialized option is set to false', async () => {
      const store = new session.MemoryStore()
      const server = createServer({ store: store, rolling: true, saveUninitialized: false })

      await request(server)
        .get('/')
        .expect(shouldNotSetSessionInStore(store))
        .expect(shouldNotHaveHeader('Set-Cookie'))
        .expect(200)
    })

    it('should force cookie and save uninitialized session if saveUninitialized option is set to true', async () => {
      const store = new session.MemoryStore()
      const server = createServer({ store: store, rolling: true, saveUninitialized: true })

      await request(server)
        .get('/')
        .expect(shouldSetSessionInStore(store))
        .expect(shouldSetCookie('connect.sid'))
        .expect(200)
    })

    it('should force cookie and save modified session even if saveUninitialized option is set to false', async () => {
      const store = new session.MemoryStore()
      const server = createServer({ store: store, rolling: true, saveUninitialized: false }, function (req: any, res: any) {
        req.session.user = 'bob'
        res.end()
      })

      await request(server)
        .get('/')
        .expect(shouldSetSessionInStore(store))
        .expect(shouldSetCookie('connect.sid'))
        .expect(200)
    })
  })

  describe('resave option', () => {
    it('should default to true', async () => {
      const store = new session.MemoryStore()
      const server = createServer({ store: store }, function (req: any, res: any) {
        req.session.user = 'bob'
        res.end()
      })

      const res = await request(server)
        .get('/')
        .expect(shouldSetSessionInStore(store))
        .expect(200)

      await request(server)
        .get('/')
        .set('Cookie', cookie(res))
        .expect(shouldSetSessionInStore(store))
        .expect(200)
    })

    describe('when true', () => {
      it('should force save on unmodified session', async () => {
        const store = new session.MemoryStore()
        const server = createServer({ store: store, resave: true }, function (req: any, res: any) {
          req.session.user = 'bob'
          res.end()
        })

        const res = await request(server)
          .get('/')
          .expect(shouldSetSessionInStore(store))
          .expect(200)

        await request(server)
          .get('/')
          .set('Cookie', cookie(res))
          .expect(shouldSetSessionInStore(store))
          .expect(200)
      })
    })

    describe('when false', () => {
      it('should prevent save on unmodified session', async () => {
        const store = new session.MemoryStore()
        const server = createServer({ store: store, resave: false }, function (req: any, res: any) {
          req.session.user = 'bob'
          res.end()
        })

        const res = await request(server)
          .get('/')
          .expect(shouldSetSessionInStore(store))
          .expect(200)

        await request(server)
          .get('/')
          .set('Cookie', cookie(res))
          .expect(shouldNotSetSessionInStore(store))
          .expect(200)
      })

      it('should still save modified session', async () => {
        const store = new session.MemoryStore()
        const server = createServer({ resave: false, store: store }, function (req: any, res: any) {
          if (req.method === 'PUT') {
            req.session.token = req.url.substr(1)
          }
          res.end('token=' + (req.session.token || ''))
        })

        const res = await request(server)
          .put('/w6RHhwaA')
          .expect(200)
          .expect(shouldSetSessionInStore(store))
          .expect('token=w6RHhwaA')

        const sess = cookie(res)
        await request(server)
          .get('/')
          .set('Cookie', sess)
          .expect(200)
          .expect(shouldNotSetSessionInStore(store))
          .expect('token=w6RHhwaA')

        await request(server)
          .put('/zfQ3rzM3')
          .set('Cookie', sess)
          .expect(200)
          .expect(shouldSetSessionInStore(store))
          .expect('token=zfQ3rzM3')
      })

      it('should detect a "cookie" property as modified', async () => {
        const store = new session.MemoryStore()
        const server = createServer({ store: store, resave: false }, function (req: any, res: any) {
          req.session.user = req.session.user || {}
          req.session.user.name = 'bob'
          req.session.user.cookie = req.session.user.cookie || 0
          req.session.user.cookie++
          res.end()
        })

        const res = await request(server)
          .get('/')
          .expect(shouldSetSessionInStore(store))
          .expect(200)

        await request(server)
          .get('/')
          .set('Cookie', cookie(res))
          .expect(shouldSetSessionInStore(store))
          .expect(200)
      })

      // deviation: sessionkit holds the response until the store answers; when the
      // store fails, nothing of the app's response has been sent, so the error goes to
      // next(err) and the error handler answers instead (express-session sends the app's
      // response and reports the error afterwards).
      it.skipIf(name === 'sessionkit')('should pass session touch error', async () => {
        const store = new session.MemoryStore()
        const server = createServer({ store: store, resave: false }, function (req: any, res: any) {
          req.session.hit = true
          res.end('session saved')
        })

        store.touch = function touch (_sid: string, _sess: any, callback: (err: any) => void) {
          callback(new Error('boom!'))
        }

        const errored = nextEvent(server, 'error', function onerror (err: any) {
          assert.ok(err)
          assert.strictEqual(err.message, 'boom!')
        })

        const res = await request(server)
          .get('/')
          .expect(200, 'session saved')

        await Promise.all([
          errored,
          request(server)
            .get('/')
            .set('Cookie', cookie(res))
        ])
      })

      it.runIf(name === 'sessionkit')('sessionkit: should fail the request with the session touch error', async () => {
        const store = new session.MemoryStore()
        const server = createServer({ store: store, resave: false }, function (req: any, res: any) {
          req.session.hit = true
          res.end('session saved')
        })

        const res = await request(server)
          .get('/')
          .expect(200, 'session saved')

        store.touch = function touch (_sid: string, _sess: any, callback: (err: any) => void) {
          callback(new Error('boom!'))
        }

        await request(server)
          .get('/')
          .set('Cookie', cookie(res))
          .expect(shouldNotHaveHeader('Set-Cookie'))
          .expect(500, 'boom!')
      })
    })
  })

  describe('saveUninitialized option', () => {
    it('should default to true', async () => {
      const store = new session.MemoryStore()
      const server = createServer({ store: store })

      await request(server)
        .get('/')
        .expect(shouldSetSessionInStore(store))
        .expect(shouldSetCookie('connect.sid'))
        .expect(200)
    })

    it('should force save of uninitialized session', async () => {
      const store = new session.MemoryStore()
      const server = createServer({ store: store, saveUninitialized: true })

      await request(server)
        .get('/')
        .expect(shouldSetSessionInStore(store))
        .expect(shouldSetCookie('connect.sid'))
        .expect(200)
    })

    it('should prevent save of uninitialized session', async () => {
      const store = new session.MemoryStore()
      const server = createServer({ store: store, saveUninitialized: false })

      await request(server)
        .get('/')
        .expect(shouldNotSetSessionInStore(store))
        .expect(shouldNotHaveHeader('Set-Cookie'))
        .expect(200)
    })

    it('should still save modified session', async () => {
      const store = new session.MemoryStore()
      const server = createServer({ store: store, saveUninitialized: false }, function (req: any, res: any) {
        req.session.count = req.session.count || 0
        req.session.count++
        res.end()
      })

      await request(server)
        .get('/')
        .expect(shouldSetSessionInStore(store))
        .expect(shouldSetCookie('connect.sid'))
        .expect(200)
    })

    // deviation: sessionkit holds the response until the store answers; when the
    // store fails, nothing of the app's response has been sent, so the error goes to
    // next(err) and the error handler answers instead (express-session sends the app's
    // response and reports the error afterwards).
    it.skipIf(name === 'sessionkit')('should pass session save error', async () => {
      const store = new session.MemoryStore()
      const server = createServer({ store: store, saveUninitialized: true }, function (_req: any, res: any) {
        res.end('session saved')
      })

      store.set = function destroy (_sid: string, _sess: any, callback: (err: any) => void) {
        callback(new Error('boom!'))
      }

      const errored = nextEvent(server, 'error', function onerror (err: any) {
        assert.ok(err)
        assert.strictEqual(err.message, 'boom!')
      })

      await Promise.all([
        errored,
        request(server)
          .get('/')
          .expect(200, 'session saved')
      ])
    })

    it.runIf(name === 'sessionkit')('sessionkit: should fail the request with the session save error', async () => {
      const store = new session.MemoryStore()
      const server = createServer({ store: store, saveUninitialized: true }, function (_req: any, res: any) {
        res.end('session saved')
      })

      store.set = function set (_sid: string, _sess: any, callback: (err: any) => void) {
        callback(new Error('boom!'))
      }

      await request(server)
        .get('/')
        .expect(shouldNotHaveHeader('Set-Cookie'))
        .expect(500, 'boom!')
    })

    it('should prevent uninitialized session from being touched', async () => {
      const trap = failTrap()
      const store = new session.MemoryStore()
      const server = createServer({ saveUninitialized: false, store: store, cookie: { maxAge: min } }, function (_req: any, res: any) {
        res.end()
      })

      store.touch = function () {
        trap.fail(new Error('should not be called'))
      }

      await trap.race(request(server)
        .get('/')
        .expect(200))
    })
  })

  describe('secret option', () => {
    it('should reject empty arrays', () => {
      assert.throws(createServer.bind(null, { secret: [] }), /secret option array/)
    })

    it('should sign and unsign with a string', async () => {
      const server = createServer({ secret: 'awesome cat' }, function (req: any, res: any) {
        if (!req.session.user) {
          req.session.user = 'bob'
          res.end('set')
        } else {
          res.end('get:' + JSON.stringify(req.session.user))
        }
      })

      const res = await request(server)
        .get('/')
        .expect(shouldSetCookie('connect.sid'))
        .expect(200, 'set')

      await request(server)
        .get('/')
        .set('Cookie', cookie(res))
        .expect(200, 'get:"bob"')
    })

    it('should sign and unsign with a Buffer', async () => {
      const server = createServer({ secret: crypto.randomBytes(32) }, function (req: any, res: any) {
        if (!req.session.user) {
          req.session.user = 'bob'
          res.end('set')
        } else {
          res.end('get:' + JSON.stringify(req.session.user))
        }
      })

      const res = await request(server)
        .get('/')
        .expect(shouldSetCookie('connect.sid'))
        .expect(200, 'set')

      await request(server)
        .get('/')
        .set('Cookie', cookie(res))
        .expect(200, 'get:"bob"')
    })

    describe('when an array', () => {
      it('should sign cookies', async () => {
        const server = createServer({ secret: ['keyboard cat', 'nyan cat'] }, function (req: any, res: any) {
          req.session.user = 'bob'
          res.end(req.session.user)
        })

        await request(server)
          .get('/')
          .expect(shouldSetCookie('connect.sid'))
          .expect(200, 'bob')
      })

      it('should sign cookies with first element', async () => {
        const store = new session.MemoryStore()

        const server1 = createServer({ secret: ['keyboard cat', 'nyan cat'], store: store }, function (req: any, res: any) {
          req.session.user = 'bob'
          res.end(req.session.user)
        })

        const server2 = createServer({ secret: 'nyan cat', store: store }, function (req: any, res: any) {
          res.end(String(req.session.user))
        })

        const res = await request(server1)
          .get('/')
          .expect(shouldSetCookie('connect.sid'))
          .expect(200, 'bob')

        await request(server2)
          .get('/')
          .set('Cookie', cookie(res))
          .expect(200, 'undefined')
      })

      it('should read cookies using all elements', async () => {
        const store = new session.MemoryStore()

        const server1 = createServer({ secret: 'nyan cat', store: store }, function (req: any, res: any) {
          req.session.user = 'bob'
          res.end(req.session.user)
        })

        const server2 = createServer({ secret: ['keyboard cat', 'nyan cat'], store: store }, function (req: any, res: any) {
          res.end(String(req.session.user))
        })

        const res = await request(server1)
          .get('/')
          .expect(shouldSetCookie('connect.sid'))
          .expect(200, 'bob')

        await request(server2)
          .get('/')
          .set('Cookie', cookie(res))
          .expect(200, 'bob')
      })
    })
  })

  describe('unset option', () => {
    it('should reject unknown values', () => {
      assert.throws(session.bind(null, { unset: 'bogus!' }), /unset.*must/)
    })

    it('should default to keep', async () => {
      const store = new session.MemoryStore()
      const server = createServer({ store: store }, function (req: any, res: any) {
        req.session.count = req.session.count || 0
        req.session.count++
        if (req.session.count === 2) req.session = null
        res.end()
      })

      const res = await request(server)
        .get('/')
        .expect(200)

      assert.strictEqual(await call((cb) => store.length(cb)), 1)

      await request(server)
        .get('/')
        .set('Cookie', cookie(res))
        .expect(200)

      assert.strictEqual(await call((cb) => store.length(cb)), 1)
    })

    it('should allow destroy on req.session = null', async () => {
      const store = new session.MemoryStore()
      const server = createServer({ store: store, unset: 'destroy' }, function (req: any, res: any) {
        req.session.count = req.session.count || 0
        req.session.count++
        if (req.session.count === 2) req.session = null
        res.end()
      })

      const res = await request(server)
        .get('/')
        .expect(200)

      assert.strictEqual(await call((cb) => store.length(cb)), 1)

      await request(server)
        .get('/')
        .set('Cookie', cookie(res))
        .expect(200)

      assert.strictEqual(await call((cb) => store.length(cb)), 0)
    })

    it('should not set cookie if initial session destroyed', async () => {
      const store = new session.MemoryStore()
      const server = createServer({ store: store, unset: 'destroy' }, function (req: any, res: any) {
        req.session = null
        res.end()
      })

      await request(server)
        .get('/')
        .expect(shouldNotHaveHeader('Set-Cookie'))
        .expect(200)

      assert.strictEqual(await call((cb) => store.length(cb)), 0)
    })

    // deviation: sessionkit holds the response until the store answers; when the
    // store fails, nothing of the app's response has been sent, so the error goes to
    // next(err) and the error handler answers instead (express-session sends the app's
    // response and reports the error afterwards).
    it.skipIf(name === 'sessionkit')('should pass session destroy error', async () => {
      const store = new session.MemoryStore()
      const server = createServer({ store: store, unset: 'destroy' }, function (req: any, res: any) {
        req.session = null
        res.end('session destroyed')
      })

      store.destroy = function destroy (_sid: string, callback: (err: any) => void) {
        callback(new Error('boom!'))
      }

      const errored = nextEvent(server, 'error', function onerror (err: any) {
        assert.ok(err)
        assert.strictEqual(err.message, 'boom!')
      })

      await Promise.all([
        errored,
        request(server)
          .get('/')
          .expect(200, 'session destroyed')
      ])
    })

    it.runIf(name === 'sessionkit')('sessionkit: should fail the request with the session destroy error', async () => {
      const store = new session.MemoryStore()
      const server = createServer({ store: store, unset: 'destroy' }, function (req: any, res: any) {
        req.session = null
        res.end('session destroyed')
      })

      store.destroy = function destroy (_sid: string, callback: (err: any) => void) {
        callback(new Error('boom!'))
      }

      await request(server)
        .get('/')
        .expect(500, 'boom!')
    })
  })
})
