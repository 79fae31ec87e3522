import { describe, expect, it } from 'vitest'
import { checkedClearSiteData, checkHostPrefix, checkSecureRequirement, DEFAULT_CLEAR_SITE_DATA, secureAttributeOf, secureRequirementOf } from '../../../src/lib/core/cookie-rules.ts'

describe('secureRequirementOf', () => {
  it.each<[string, unknown, unknown, string | undefined]>([
    ['sid', undefined, undefined, undefined],
    ['sid', 'lax', false, undefined],
    ['sid', 'strict', undefined, undefined],
    ['__Host-sid', undefined, undefined, 'its name starts with __Host-'],
    ['__Secure-sid', undefined, undefined, 'its name starts with __Secure-'],
    ['sid', 'none', undefined, 'it is SameSite=None'],
    ['sid', undefined, true, 'it is Partitioned'],
    ['__Host-sid', 'none', true, 'its name starts with __Host-'],
  ])('%s (sameSite %s, partitioned %s): %s', (name, sameSite, partitioned, requirement) => {
    expect(secureRequirementOf(name, sameSite, partitioned)).toBe(requirement)
  })
})

describe('secureAttributeOf', () => {
  it.each<[boolean | 'auto' | undefined, string | undefined, boolean, boolean | undefined]>([
    [true, undefined, false, true],
    [false, undefined, true, false],
    [undefined, undefined, true, undefined],
    ['auto', undefined, true, true],
    ['auto', undefined, false, false],
    ['auto', 'its name starts with __Host-', false, true],
  ])('secure %s, required by %s, HTTPS %s: %s', (secure, requiredBy, https, expected) => {
    expect(secureAttributeOf(secure, requiredBy, () => https)).toBe(expected)
  })

  it('asks whether the request is HTTPS only for auto', () => {
    const https = (): boolean => {
      throw new Error('asked')
    }
    expect(secureAttributeOf(true, undefined, https)).toBe(true)
    expect(secureAttributeOf('auto', 'it is Partitioned', https)).toBe(true)
  })
})

describe('checkHostPrefix', () => {
  it.each<[string, string | undefined, string | undefined]>([
    ['__Host-sid', undefined, undefined],
    ['__Host-sid', '/', undefined],
    ['sid', '/app', 'example.com'],
    ['__Secure-sid', '/app', 'example.com'],
  ])('accepts %s with path %s and domain %s', (name, path, domain) => {
    expect(() => checkHostPrefix(name, path, domain, 'cookie.')).not.toThrow()
  })

  it.each<[string, string | undefined, string | undefined, string]>([
    ['__Host-sid', '/app', undefined, 'sessionkit: option cookie.name is invalid: "__Host-sid" with path "/app".'],
    ['__Host-sid', undefined, 'example.com', 'sessionkit: option cookie.name is invalid: "__Host-sid" with domain "example.com".'],
    ['__Host-sid', '/', 'example.com', 'with domain "example.com"'],
  ])('refuses %s with path %s and domain %s', (name, path, domain, message) => {
    expect(() => checkHostPrefix(name, path, domain, 'cookie.')).toThrow(TypeError)
    expect(() => checkHostPrefix(name, path, domain, 'cookie.')).toThrow(message)
    expect(() => checkHostPrefix(name, path, domain, 'cookie.')).toThrow("use path: '/' and no domain, or drop the __Host- prefix")
  })
})

describe('checkSecureRequirement', () => {
  it.each<[string | undefined, unknown]>([
    [undefined, undefined],
    [undefined, false],
    ['its name starts with __Host-', true],
    ['its name starts with __Secure-', 'auto'],
    ['it is SameSite=None', true],
  ])('accepts requirement %s with secure %s', (requirement, secure) => {
    expect(() => checkSecureRequirement(requirement, secure, 'cookie.')).not.toThrow()
  })

  it.each<[string, unknown, string]>([
    ['its name starts with __Host-', undefined, 'sessionkit: option cookie.secure is invalid: undefined, but the cookie must be Secure because its name starts with __Host-'],
    ['its name starts with __Host-', false, 'sessionkit: option cookie.secure is invalid: false, but the cookie must be Secure because its name starts with __Host-'],
    ['its name starts with __Secure-', false, 'because its name starts with __Secure-'],
    ['it is Partitioned', 'yes', 'sessionkit: option cookie.secure is invalid: "yes"'],
  ])('refuses requirement %s with secure %s', (requirement, secure, message) => {
    expect(() => checkSecureRequirement(requirement, secure, 'cookie.')).toThrow(TypeError)
    expect(() => checkSecureRequirement(requirement, secure, 'cookie.')).toThrow(message)
  })
})

describe('checkedClearSiteData', () => {
  it.each<[unknown, string | undefined]>([
    [undefined, undefined],
    [false, undefined],
    [true, '"cache", "cookies", "storage"'],
    [['cookies'], '"cookies"'],
    [['cookies', 'storage', 'executionContexts'], '"cookies", "storage", "executionContexts"'],
    [['*'], '"*"'],
  ])('%j → %s', (value, header) => {
    expect(checkedClearSiteData(value)).toBe(header)
  })

  it('true means the cache, cookies and storage', () => {
    expect(DEFAULT_CLEAR_SITE_DATA).toEqual(['cache', 'cookies', 'storage'])
  })

  it.each<[unknown, string]>([
    [[], 'sessionkit: option clearSiteData is invalid: array of 0.'],
    [['cookie'], 'sessionkit: option clearSiteData is invalid: array of 1.'],
    [['"cookies"'], 'sessionkit: option clearSiteData is invalid'],
    ['cookies', 'sessionkit: option clearSiteData is invalid: "cookies".'],
    [1, 'sessionkit: option clearSiteData is invalid: 1.'],
    [null, 'sessionkit: option clearSiteData is invalid: null.'],
  ])('refuses %j', (value, message) => {
    expect(() => checkedClearSiteData(value)).toThrow(TypeError)
    expect(() => checkedClearSiteData(value)).toThrow(message)
  })
})
