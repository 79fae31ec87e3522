/**
 * Port of express-session's test/support/utils.js plus the helper functions
 * defined at the bottom of its test/session.js (cookie(), sid(), expires(),
 * should*() assertions, createServer(), mountAt(), ...).
 */
import assert from 'node:assert'
import http from 'node:http'
import { vi } from 'vitest'

export interface ParsedSetCookie {
  name: string
  value: string | undefined
  [attribute: string]: string | boolean | undefined
}

// test/support/utils.js
export function parseSetCookie (header: string): ParsedSetCookie {
  let match: RegExpExecArray | null
  const pairs: Array<{ name: string, value: string | undefined }> = []
  const pattern = /\s*([^=;]+)(?:=([^;]*);?|;|$)/g

  while ((match = pattern.exec(header))) {
    pairs.push({ name: match[1] as string, value: match[2] })
  }

  const cookie: ParsedSetCookie = pairs.shift() as ParsedSetCookie

  for (const pair of pairs) {
    cookie[pair.name.toLowerCase()] = (pair.value || true)
  }

  return cookie
}

// test/support/utils.js
export function writePatch (res: any): void {
  const _end = res.end
  const _write = res.write
  let ended = false

  res.end = function end (this: any, ...args: any[]) {
    ended = true
    return _end.apply(this, args)
  }

  res.write = function write (this: any, ...args: any[]) {
    if (ended) {
      throw new Error('write after end')
    }

    return _write.apply(this, args)
  }
}

/** first Set-Cookie header line of a supertest response */
export function cookie (res: any): string {
  const setCookie = res.headers['set-cookie']
  return (setCookie && setCookie[0]) || undefined
}

/** Expires attribute of the first Set-Cookie header */
export function expires (res: any): string | boolean | undefined {
  const header = cookie(res)
  return header ? parseSetCookie(header).expires : undefined
}

/** unsigned session id carried by the first Set-Cookie header */
export function sid (res: any): string | undefined {
  const header = cookie(res)
  const data = header ? parseSetCookie(header) : undefined
  const value = data && data.value !== undefined ? unescape(data.value) : undefined
  const id = value && value.substring(2, value.indexOf('.'))
  return id || undefined
}

export function mountAt (path: string) {
  return function (req: any, _res: any) {
    if (req.url.indexOf(path) === 0) {
      req.originalUrl = req.url
      req.url = req.url.slice(path.length)
    }
  }
}

export function end (_req: any, res: any): void {
  res.end()
}

export function shouldNotHaveHeader (header: string) {
  return function (res: any) {
    assert.ok(!(header.toLowerCase() in res.headers), 'should not have ' + header + ' header')
  }
}

export function shouldNotSetSessionInStore (store: any) {
  const _set = store.set
  let count = 0

  store.set = function set (this: any, ...args: any[]) {
    count++
    return _set.apply(this, args)
  }

  return function () {
    assert.ok(count === 0, 'should not set session in store')
  }
}

export function shouldSetCookie (name: string) {
  return function (res: any) {
    const header = cookie(res)
    const data: any = header && parseSetCookie(header)
    assert.ok(header, 'should have a cookie header')
    assert.strictEqual(data.name, name, 'should set cookie ' + name)
  }
}

export function shouldSetCookieToDifferentSessionId (id: string | undefined) {
  return function (res: any) {
    assert.notStrictEqual(sid(res), id)
  }
}

export function shouldSetCookieToExpireIn (name: string, delta: number) {
  return function (res: any) {
    const header = cookie(res)
    const data: any = header && parseSetCookie(header)
    assert.ok(header, 'should have a cookie header')
    assert.strictEqual(data.name, name, 'should set cookie ' + name)
    assert.ok(('expires' in data), 'should set cookie with attribute Expires')
    assert.ok(('date' in res.headers), 'should have a date header')
    assert.strictEqual((Date.parse(data.expires) - Date.parse(res.headers.date)), delta, 'should set cookie ' + name + ' to expire in ' + delta + ' ms')
  }
}

export function shouldSetCookieToValue (name: string, val: string) {
  return function (res: any) {
    const header = cookie(res)
    const data: any = header && parseSetCookie(header)
    assert.ok(header, 'should have a cookie header')
    assert.strictEqual(data.name, name, 'should set cookie ' + name)
    assert.strictEqual(data.value, val, 'should set cookie ' + name + ' to ' + val)
  }
}

export function shouldSetCookieWithAttribute (name: string, attrib: string) {
  return function (res: any) {
    const header = cookie(res)
    const data: any = header && parseSetCookie(header)
    assert.ok(header, 'should have a cookie header')
    assert.strictEqual(data.name, name, 'should set cookie ' + name)
    assert.ok((attrib.toLowerCase() in data), 'should set cookie with attribute ' + attrib)
  }
}

export function shouldSetCookieWithAttributeAndValue (name: string, attrib: string, value: string) {
  return function (res: any) {
    const header = cookie(res)
    const data: any = header && parseSetCookie(header)
    assert.ok(header, 'should have a cookie header')
    assert.strictEqual(data.name, name, 'should set cookie ' + name)
    assert.ok((attrib.toLowerCase() in data), 'should set cookie with attribute ' + attrib)
    assert.strictEqual(data[attrib.toLowerCase()], value, 'should set cookie with attribute ' + attrib + ' set to ' + value)
  }
}

export function shouldSetCookieWithoutAttribute (name: string, attrib: string) {
  return function (res: any) {
    const header = cookie(res)
    const data: any = header && parseSetCookie(header)
    assert.ok(header, 'should have a cookie header')
    assert.strictEqual(data.name, name, 'should set cookie ' + name)
    assert.ok(!(attrib.toLowerCase() in data), 'should set cookie without attribute ' + attrib)
  }
}

/**
 * Wraps store.set and asserts it was called exactly once. With `delay`, the
 * real set is deferred by that many ms (the original used 200 ms; the port
 * uses shorter delays) so the test proves the response waits for the store.
 */
export function shouldSetSessionInStore (store: any, delay?: number) {
  const _set = store.set
  let count = 0

  store.set = function set (this: any, ...args: any[]) {
    count++

    if (!delay) {
      return _set.apply(this, args)
    }

    setTimeout(() => { _set.apply(this, args) }, delay)
  }

  return function () {
    assert.ok(count === 1, 'should set session in store')
  }
}

/**
 * Where the middleware under test is mounted: on a raw `http` request
 * listener (as in express-session's own test/session.js) or in a real
 * Express app (`express` is the express factory of that major version).
 */
export interface Host {
  name: 'http' | 'express 5' | 'express 4'
  express?: any
}

export const rawHttp: Host = { name: 'http' }

/**
 * The createServer()/createRequestListener()/createSession() helpers of
 * test/session.js, bound to one implementation's module value and one host.
 *
 *   createServer(options?, respond?)
 *   createServer(setup, options?, respond?)
 *
 * On an express host the request listener is an express app:
 * session middleware, then `respond`, then an error handler that does what
 * the raw listener does with an error passed to next(err).
 */
export function serverHelpers (session: any, host: Host = rawHttp) {
  function createSession (opts?: any) {
    const options = opts || {}

    if (!('cookie' in options)) {
      options.cookie = { maxAge: 60 * 1000 }
    }

    if (!('secret' in options)) {
      options.secret = 'keyboard cat'
    }

    return session(options)
  }

  function createRequestListener (opts?: any, fn?: (req: any, res: any) => void) {
    const _session = createSession(opts)
    const respond = fn || end

    if (host.express) {
      return host.express()
        .use(_session)
        .use(function respondMiddleware (req: any, res: any) {
          respond(req, res)
        })
        .use(function onError (err: any, req: any, res: any, _next: any) {
          if (!res._header) {
            res.statusCode = err.status || 500
            res.end(err.message)
            return
          }

          // the server that emitted this request (http or https alike)
          req.socket.server.emit('error', err)
        }) as (req: http.IncomingMessage, res: http.ServerResponse) => void
    }

    return function onRequest (this: http.Server, req: any, res: any) {
      const server = this

      _session(req, res, function (err?: any) {
        if (err && !res._header) {
          res.statusCode = err.status || 500
          res.end(err.message)
          return
        }

        if (err) {
          server.emit('error', err)
          return
        }

        respond(req, res)
      })
    }
  }

  function createServer (...args: any[]): http.Server {
    let opts = args[0]
    let fn = args[1]
    const server = http.createServer()

    // setup, options, respond
    if (typeof args[0] === 'function') {
      opts = args[1]
      fn = args[2]

      server.on('request', args[0])
    }

    return server.on('request', createRequestListener(opts, fn))
  }

  return { createServer, createRequestListener, createSession }
}

/** advance the faked Date clock (vi.useFakeTimers({ toFake: ['Date'] })) */
export function advanceClock (ms: number): void {
  vi.setSystemTime(Date.now() + ms)
}

/** fake only Date: real HTTP and real timers keep working */
export function useFakeDate (): void {
  vi.useFakeTimers({ toFake: ['Date'] })
}

/**
 * Replacement for mocha's done(err) called from places other than the
 * request chain (server handlers, store hooks): fail() makes race() reject.
 */
export function failTrap () {
  let rejecter: (err: unknown) => void = () => {}
  const failed = new Promise<never>((_resolve, reject) => { rejecter = reject })
  failed.catch(() => {})
  return {
    fail (err: unknown) { rejecter(err) },
    race<T> (p: PromiseLike<T>): Promise<T> { return Promise.race([Promise.resolve(p), failed]) }
  }
}

/**
 * Resolves when `emitter` emits `event` and `check(arg)` passes; rejects
 * if `check` throws or nothing arrives within `ms` (stands in for
 * after(n, done) counting an 'error' event in the original).
 */
export function nextEvent (emitter: NodeJS.EventEmitter, event: string, check: (arg: any) => void, ms = 2000): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error('expected "' + event + '" event within ' + ms + ' ms'))
    }, ms)
    emitter.once(event, (arg: any) => {
      clearTimeout(timer)
      try {
        check(arg)
        resolve()
      } catch (e) {
        reject(e)
      }
    })
  })
}

/** callback-style store call as a promise */
export function call<T = any> (fn: (cb: (err: any, val?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    fn((err, val) => { if (err) reject(err); else resolve(val as T) })
  })
}
