import { createServer, request as httpRequest, validateHeaderValue } from 'node:http'
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFetchSessions } from '../../../../src/lib/adapters/fetch/fetch-sessions.ts'
import { toNodeListener } from '../../../../src/lib/adapters/fetch/node-listener.ts'
import { MAX_COOKIE_CANDIDATES, requestCookieValues } from '../../../../src/lib/adapters/fetch/request-cookie-values.ts'
import { createCookieSessionStorage } from '../../../../src/lib/storage/cookie-session-storage.ts'
import { createMemorySessionStorage } from '../../../../src/lib/storage/memory-session-storage.ts'
import type { SessionStorage } from '../../../../src/lib/storage/session-storage.ts'

describe('requestCookieValues', () => {
  it.each([
    { header: null, expected: [] },
    { header: '', expected: [] },
    { header: 'sid=abc', expected: ['abc'] },
    { header: 'a=1; sid=abc; b=2', expected: ['abc'] },
    { header: ' sid = abc ;', expected: ['abc'] },
    { header: 'sid="abc"', expected: ['abc'] },
    { header: 'sid=a%2Fb', expected: ['a/b'] },
    { header: 'sid=a%E0%A4%A', expected: ['a%E0%A4%A'] },
    { header: 'sid=x; sid=y; sid=x', expected: ['x', 'y'] },
    { header: 'sid=1; sid=2; sid=3; sid=4', expected: ['1', '2', '3'] },
    { header: 'sid=; sid', expected: [] },
    { header: 'sidx=1; xsid=2; =3; ;;', expected: [] },
    { header: 'a=b=c; sid=d=e', expected: ['d=e'] },
  ])('$header → $expected', ({ header, expected }) => {
    expect(requestCookieValues(header, 'sid')).toEqual(expected)
  })

  it('never throws, and yields at most a few distinct non-empty values (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), (header) => {
        const values = requestCookieValues(header, 'sid')
        expect(values.length).toBeLessThanOrEqual(MAX_COOKIE_CANDIDATES)
        expect(new Set(values).size).toBe(values.length)
        for (const value of values) expect(value).not.toBe('')
      }),
      { numRuns: 2000 },
    )
  })
})

// Cookie headers made of the pieces that matter: the session cookie's name, separators, quotes, escapes, our prefixes.
const piece = fc.constantFrom('__session', '=', ';', ' ', '%', '%E0', '%2F', '"', 'v1.', '.', 'abc', 'AAAA', '\t', 'x'.repeat(2000))
const cookieHeader = fc.oneof(
  fc.array(piece, { maxLength: 20 }).map((pieces) => pieces.join('')),
  fc.string({ unit: 'grapheme-ascii' }),
  fc.string({ unit: 'binary' }),
)
// A Headers value cannot hold NUL, CR or LF (a browser never sends them): those headers are not requests at all.
const validHeader = (header: string) => {
  try {
    new Headers({ cookie: header })
    return true
  } catch {
    return false
  }
}

const memoryStorages: Array<{ close(): Promise<void> }> = []
afterAll(async () => {
  for (const storage of memoryStorages) await storage.close()
})
function memoryStorage() {
  const storage = createMemorySessionStorage()
  memoryStorages.push(storage)
  return storage
}

describe.each([
  { name: 'memory storage', storage: (): SessionStorage => memoryStorage() },
  { name: 'cookie storage', storage: (): SessionStorage => createCookieSessionStorage({ secrets: 'property test secret, 32 bytes or more' }) },
])('any Cookie header through the wrapper ($name)', ({ storage }) => {
  const handler = createFetchSessions({ storage: storage() }).wrap(async (_request, { session }) => {
    const current = await session()
    current.set('views', Number(current.get('views') ?? 0) + 1)
    return new Response(String(current.get('views')))
  })

  it('gives a new session, never an error (property)', async () => {
    await fc.assert(
      fc.asyncProperty(cookieHeader.filter(validHeader), async (header) => {
        const response = await handler(new Request('http://app.test/', { headers: { cookie: header } }))
        expect(response.status).toBe(200)
        expect(await response.text()).toBe('1')
      }),
      { numRuns: 500 },
    )
  })
})

// node:http's client refuses some header values (non-Latin-1 characters) before sending: not requests either.
const validForNodeClient = (header: string) => {
  try {
    validateHeaderValue('cookie', header)
    return true
  } catch {
    return false
  }
}

describe('any Cookie header over real HTTP (toNodeListener)', () => {
  const statusOf = (cookie: string) =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest(origin, { headers: { cookie } }, (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      })
      req.on('error', reject)
      req.end()
    })
  const server = createServer(
    toNodeListener(
      createFetchSessions({ storage: memoryStorage() }).wrap(async (_request, { session }) => {
        const current = await session()
        current.set('views', 1)
        return new Response('ok')
      }),
    ),
  )
  let origin = ''
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => {
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    resolve()
  })))
  afterAll(() => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  }))

  it('never answers 500 (property)', async () => {
    await fc.assert(
      fc.asyncProperty(cookieHeader.filter(validHeader).filter(validForNodeClient), async (header) => {
        expect(await statusOf(header)).toBe(200)
      }),
      { numRuns: 150 },
    )
  })
})
