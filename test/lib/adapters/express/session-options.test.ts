import { describe, expect, it } from 'vitest'
import session from '../../../../src/express.ts'
import { BoundedMemoryStore } from '../../../../src/index.ts'

const base = { secret: 'keyboard cat', resave: false, saveUninitialized: false }

describe('options are checked when the middleware is created', () => {
  it.each([
    ['genid', { genid: 'bogus' }, /genid option must be a function/],
    ['unset', { unset: 'bogus' }, /unset option must be "destroy" or "keep"/],
    ['secret (empty array)', { secret: [] }, /secret option array must contain one or more strings/],
    ['secret (number)', { secret: 42 }, /sessionkit: option secret is invalid: 42/],
    ['secret (array with a number)', { secret: ['ok', 7] }, /sessionkit: option secret is invalid: 7/],
    ['name', { name: 'bad name;' }, /sessionkit: option name is invalid: "bad name;"/],
    ['resave', { resave: 'yes' }, /sessionkit: option resave is invalid: "yes"/],
    ['saveUninitialized', { saveUninitialized: 1 }, /sessionkit: option saveUninitialized is invalid: 1/],
    ['rolling', { rolling: 'true' }, /sessionkit: option rolling is invalid/],
    ['proxy', { proxy: 'yes' }, /sessionkit: option proxy is invalid/],
    ['store', { store: {} }, /sessionkit: option store is invalid/],
    ['cookie (string)', { cookie: 'secure' }, /sessionkit: option cookie is invalid: "secure"/],
    ['cookie.maxAge', { cookie: { maxAge: 'soon' } }, /maxAge must be a number or Date/],
    ['cookie.sameSite', { cookie: { sameSite: 'sometimes' } }, /option cookie is invalid: option sameSite is invalid/],
    ['cookie.domain', { cookie: { domain: 'bad domain' } }, /option cookie is invalid: option domain is invalid/],
    ['storeTimeout', { storeTimeout: 0 }, /sessionkit: option storeTimeout is invalid: 0/],
  ])('%s', (_option, options, message) => {
    expect(() => session({ ...base, ...(options as object) })).toThrow(message)
  })

  it('accepts a Promise-based sessionkit store', () => {
    const store = new BoundedMemoryStore()
    expect(() => session({ ...base, store })).not.toThrow()
    void store.close()
  })

  it('accepts secure and sameSite "auto"', () => {
    expect(() => session({ ...base, cookie: { secure: 'auto', sameSite: 'auto' } })).not.toThrow()
  })
})
