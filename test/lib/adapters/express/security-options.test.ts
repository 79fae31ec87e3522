import { describe, expect, it } from 'vitest'
import session, { type SessionOptions } from '../../../../src/express.ts'

// The security options of sessionkit/express (issue 7), checked when the middleware is created: a cookie the
// browser would drop, or a policy that could never work, fails at start-up with a message naming the option.
const base = { secret: 'keyboard cat', resave: false, saveUninitialized: false }
const create = (options: Record<string, unknown>) => () => session({ ...base, ...options } as SessionOptions)

describe('cookie name prefixes', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['__Host- with secure unset', { name: '__Host-sid' }, /^sessionkit: option cookie\.secure is invalid: undefined, but the cookie must be Secure because its name starts with __Host-/],
    ['__Host- with secure: false', { name: '__Host-sid', cookie: { secure: false } }, /^sessionkit: option cookie\.secure is invalid: false, .* __Host-/],
    ['__Host- with path /app', { name: '__Host-sid', cookie: { secure: true, path: '/app' } }, /^sessionkit: option cookie\.name is invalid: "__Host-sid" with path "\/app"\. .*use path: '\/' and no domain/],
    ['__Host- with a domain', { name: '__Host-sid', cookie: { secure: true, domain: 'example.com' } }, /^sessionkit: option cookie\.name is invalid: "__Host-sid" with domain "example\.com"/],
    ['__Secure- with secure unset', { name: '__Secure-sid' }, /^sessionkit: option cookie\.secure is invalid: undefined, .* __Secure-/],
    ['__Secure- with secure: false', { name: '__Secure-sid', cookie: { secure: false } }, /^sessionkit: option cookie\.secure is invalid: false/],
    ['__Host- given as the old `key` option', { key: '__Host-sid' }, /^sessionkit: option cookie\.secure is invalid: undefined/],
  ])('refuses %s', (_case, options, message) => {
    expect(create(options)).toThrow(TypeError)
    expect(create(options)).toThrow(message)
  })

  it.each<[string, Record<string, unknown>]>([
    ['__Host- with secure: true', { name: '__Host-sid', cookie: { secure: true } }],
    ["__Host- with secure: 'auto' and path /", { name: '__Host-sid', cookie: { secure: 'auto', path: '/' } }],
    ["__Secure- with secure: 'auto'", { name: '__Secure-sid', cookie: { secure: 'auto' } }],
    ['__Secure- with a path and a domain', { name: '__Secure-sid', cookie: { secure: true, path: '/app', domain: 'example.com' } }],
    ['no prefix, secure unset', { name: 'sid' }],
    // Settings decided per request cannot be checked up front.
    ['__Host- with cookie settings from a function', { name: '__Host-sid', cookie: () => ({ secure: true }) }],
  ])('accepts %s', (_case, options) => {
    expect(create(options)).not.toThrow()
  })
})

describe('policy, listener and logout options', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['idleTimeout 0', { idleTimeout: 0 }, /^sessionkit: option idleTimeout is invalid: 0\. Pass a number of milliseconds/],
    ['idleTimeout negative', { idleTimeout: -1000 }, /^sessionkit: option idleTimeout is invalid: -1000\./],
    ['idleTimeout fractional', { idleTimeout: 1.5 }, /^sessionkit: option idleTimeout is invalid: 1\.5\./],
    ['idleTimeout as a string', { idleTimeout: '30m' }, /^sessionkit: option idleTimeout is invalid: "30m"\./],
    ['idleTimeout Infinity', { idleTimeout: Number.POSITIVE_INFINITY }, /^sessionkit: option idleTimeout is invalid/],
    ['absoluteTimeout 0', { absoluteTimeout: 0 }, /^sessionkit: option absoluteTimeout is invalid: 0\./],
    ['absoluteTimeout as a string', { absoluteTimeout: '8h' }, /^sessionkit: option absoluteTimeout is invalid: "8h"\./],
    ['bindUserAgent', { bindUserAgent: 'yes' }, /^sessionkit: option bindUserAgent is invalid: "yes"\. Pass true or false\./],
    ['onSessionRejected', { onSessionRejected: 'log' }, /^sessionkit: option onSessionRejected is invalid: "log"\. Pass a function/],
    ['clearCookieOnDestroy', { clearCookieOnDestroy: 'yes' }, /^sessionkit: option clearCookieOnDestroy is invalid: "yes"\. Pass true or false\./],
    ['clearSiteData as a string', { clearSiteData: 'cookies' }, /^sessionkit: option clearSiteData is invalid: "cookies"\. Pass true/],
    ['clearSiteData with an unknown directive', { clearSiteData: ['cookies', 'everything'] }, /^sessionkit: option clearSiteData is invalid: array of 2\./],
    ['clearSiteData empty', { clearSiteData: [] }, /^sessionkit: option clearSiteData is invalid: array of 0\./],
    ['noStore', { noStore: 1 }, /^sessionkit: option noStore is invalid: 1\. Pass true or false\./],
  ])('refuses %s', (_case, options, message) => {
    expect(create(options)).toThrow(TypeError)
    expect(create(options)).toThrow(message)
  })

  it.each<[string, Record<string, unknown>]>([
    ['every option on', { idleTimeout: 1_800_000, absoluteTimeout: 28_800_000, bindUserAgent: true, onSessionRejected: () => {}, clearCookieOnDestroy: true, clearSiteData: true, noStore: true }],
    ['every option off', { idleTimeout: undefined, absoluteTimeout: undefined, bindUserAgent: false, onSessionRejected: undefined, clearCookieOnDestroy: false, clearSiteData: false, noStore: false }],
    ['clearSiteData as a list', { clearSiteData: ['cookies', 'storage', 'cache', 'executionContexts'] }],
    ["clearSiteData ['*']", { clearSiteData: ['*'] }],
    ['an async listener', { onSessionRejected: async () => {} }],
  ])('accepts %s', (_case, options) => {
    expect(create(options)).not.toThrow()
  })
})
