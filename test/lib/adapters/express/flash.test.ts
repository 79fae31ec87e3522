import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import sessionkitFlash from '../../../../src/flash.ts'

// The same behaviour table runs against connect-flash itself, which proves it encodes connect-flash's behaviour.
const require = createRequire(import.meta.url)
const implementations = [
  { name: 'connect-flash', flash: require('connect-flash') as typeof sessionkitFlash },
  { name: 'sessionkit/flash', flash: sessionkitFlash },
]

function install(flash: typeof sessionkitFlash, req: any, options?: object): any {
  let called = 0
  flash(options)(req, {}, () => called++)
  expect(called).toBe(1)
  return req
}

describe.each(implementations)('req.flash ($name)', ({ flash }) => {
  it('installs req.flash with a bare request and an empty response', () => {
    const req = install(flash, { session: {} })
    expect(typeof req.flash).toBe('function')
  })

  it('keeps an existing req.flash, and replaces it with { unsafe: true }', () => {
    const existing = () => 'mine'
    expect(install(flash, { session: {}, flash: existing }).flash).toBe(existing)
    expect(install(flash, { session: {}, flash: existing }, { unsafe: true }).flash).not.toBe(existing)
  })

  it('throws "req.flash() requires sessions" without a session', () => {
    const req = install(flash, {})
    expect(() => req.flash('info', 'hello')).toThrow(new Error('req.flash() requires sessions'))
  })

  it('appends and returns the count for that type, keeping messages in req.session.flash', () => {
    const req = install(flash, { session: {} })
    expect(req.flash('info', 'one')).toBe(1)
    expect(req.flash('info', 'two')).toBe(2)
    expect(req.flash('error', 'oops')).toBe(1)
    expect(req.session.flash).toEqual({ info: ['one', 'two'], error: ['oops'] })
  })

  it('appends each message of an array', () => {
    const req = install(flash, { session: {} })
    req.flash('info', 'zero')
    expect(req.flash('info', ['one', 'two'])).toBe(3)
    expect(req.flash('info')).toEqual(['zero', 'one', 'two'])
  })

  it('formats with util.format', () => {
    const req = install(flash, { session: {} })
    expect(req.flash('info', 'Hello %s, you have %d messages', 'Jared', 4)).toBe(1)
    expect(req.flash('info')).toEqual(['Hello Jared, you have 4 messages'])
  })

  it('returns a type and removes it; [] when there is none', () => {
    const req = install(flash, { session: {} })
    req.flash('info', 'once')
    expect(req.flash('info')).toEqual(['once'])
    expect(req.flash('info')).toEqual([])
    expect(req.flash('nothing')).toEqual([])
  })

  it('returns every type and clears them all', () => {
    const req = install(flash, { session: {} })
    req.flash('info', 'a')
    req.flash('error', 'b')
    expect(req.flash()).toEqual({ info: ['a'], error: ['b'] })
    expect(req.flash()).toEqual({})
    expect(req.session.flash).toEqual({})
  })

  it('reads messages connect-flash wrote into a session', () => {
    const req = install(flash, { session: { flash: { success: ['Saved!'] } } })
    expect(req.flash('success')).toEqual(['Saved!'])
  })

  it('treats an empty message as a read, as connect-flash does', () => {
    const req = install(flash, { session: {} })
    req.flash('info', 'kept')
    expect(req.flash('info', '')).toEqual(['kept'])
  })
})

describe('flash({ locals })', () => {
  function withLocals(options: object) {
    const req: any = { session: {} }
    const res: any = { locals: {} }
    sessionkitFlash(options)(req, res, () => {})
    return { req, res }
  }

  it('reads nothing unless a template calls it', () => {
    const { req, res } = withLocals({ locals: true })
    req.flash('error', 'Wrong password')
    expect(typeof res.locals.flash).toBe('function')
    expect(req.session.flash).toEqual({ error: ['Wrong password'] })
  })

  it('returns the same messages however often the template calls it, and consumes them once', () => {
    const { req, res } = withLocals({ locals: 'messages' })
    req.flash('error', 'Wrong password')
    req.flash('info', 'Hi')
    expect(res.locals.messages('error')).toEqual(['Wrong password'])
    expect(res.locals.messages('error')).toEqual(['Wrong password'])
    expect(req.session.flash).toEqual({ info: ['Hi'] })
    expect(res.locals.messages()).toEqual({ info: ['Hi'] })
  })

  it('rejects a bad option', () => {
    expect(() => sessionkitFlash({ locals: 42 } as never)).toThrow('sessionkit: option locals is invalid: 42')
  })
})
