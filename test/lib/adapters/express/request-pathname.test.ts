import fc from 'fast-check'
import parseurl from 'parseurl'
import { describe, expect, it } from 'vitest'
import { originalPathname } from '../../../../src/lib/adapters/express/request-pathname.ts'
import type { SessionRequest } from '../../../../src/lib/adapters/express/session-request.ts'

const requestFor = (url: string, originalUrl?: string) => ({ url, originalUrl, headers: {} }) as unknown as SessionRequest

describe('originalPathname', () => {
  it.each([
    ['/', '/'],
    ['/admin/users?page=2', '/admin/users'],
    ['/a#frag?x', '/a'],
    ['/a?x#frag', '/a'],
    ['http://example.com/foo/bar?x=1', '/foo/bar'],
    ['*', '*'],
    ['', '/'],
    ['?x=1', '/'],
  ])('%s → %s', (url, pathname) => {
    expect(originalPathname(requestFor(url))).toBe(pathname)
  })

  it('prefers originalUrl, which Express keeps when a router rewrites url', () => {
    expect(originalPathname(requestFor('/users', '/admin/users'))).toBe('/admin/users')
  })

  it('agrees with parseurl.original for any path-form URL, and never throws for any string', () => {
    fc.assert(
      fc.property(fc.webPath(), fc.option(fc.webQueryParameters(), { nil: undefined }), (path, query) => {
        const url = `/${path.replace(/^\//, '')}${query === undefined ? '' : `?${query}`}`
        const req = requestFor(url, url)
        expect(originalPathname(req)).toBe(parseurl.original(req as never)?.pathname)
      }),
    )
    fc.assert(
      fc.property(fc.string(), (url) => {
        expect(typeof originalPathname(requestFor(url))).toBe('string')
      }),
    )
  })
})
