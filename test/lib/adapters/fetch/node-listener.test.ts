import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toNodeListener, type FetchHandler } from '../../../../src/lib/adapters/fetch/node-listener.ts'

let handler: FetchHandler = () => new Response('unset')
const errors: unknown[] = []
let server: Server
let origin = ''
beforeAll(async () => {
  server = createServer(toNodeListener((request) => handler(request), { onError: (error) => errors.push(error) }))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => {
  server.closeAllConnections()
  server.close(() => resolve())
}))

/** A raw request, to send what fetch would not (a Host header of our choice). */
function raw(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${origin}${path}`, { headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('toNodeListener', () => {
  it('gives the handler the method, the absolute URL with the Host, the headers and the streamed body', async () => {
    handler = async (request) =>
      Response.json({ method: request.method, url: request.url, type: request.headers.get('content-type'), body: await request.text() })
    const response = await fetch(`${origin}/echo?x=1`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' })
    expect(await response.json()).toEqual({ method: 'POST', url: `${origin}/echo?x=1`, type: 'text/plain', body: 'hello' })
  })

  it('keeps a "//host" path a path', async () => {
    handler = (request) => new Response(request.url)
    expect((await raw('//evil.example/x', { host: 'app.test' })).body).toBe('http://app.test//evil.example/x')
  })

  it('writes the status, every Set-Cookie as its own header, and a streamed body', async () => {
    handler = () => {
      const encoder = new TextEncoder()
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const part of ['one ', 'two ', 'three']) controller.enqueue(encoder.encode(part))
          controller.close()
        },
      })
      const headers = new Headers([['set-cookie', 'a=1; Path=/'], ['set-cookie', 'b=2; Path=/'], ['x-custom', 'yes']])
      return new Response(body, { status: 201, headers })
    }
    const response = await fetch(origin)
    expect(response.status).toBe(201)
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/'])
    expect(response.headers.get('x-custom')).toBe('yes')
    expect(await response.text()).toBe('one two three')
  })

  it('sends no body for HEAD', async () => {
    handler = () => new Response('not for HEAD', { headers: { 'content-length': '12' } })
    const response = await fetch(origin, { method: 'HEAD' })
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
  })

  it('answers 500 for a handler that throws, and keeps serving', async () => {
    errors.length = 0
    handler = () => {
      throw new Error('boom')
    }
    const failed = await fetch(origin)
    expect(failed.status).toBe(500)
    expect(await failed.text()).toBe('Internal Server Error')
    expect(errors).toEqual([new Error('boom')])
    handler = async () => {
      throw new Error('async boom')
    }
    expect((await fetch(origin)).status).toBe(500)
    handler = () => 'not a response' as unknown as Response
    expect((await fetch(origin)).status).toBe(500)
    expect(String(errors[2])).toContain('sessionkit: the Fetch handler must return a Response')
    handler = () => new Response('fine')
    expect(await (await fetch(origin)).text()).toBe('fine')
  })

  it('answers 400 for a Host that makes no URL', async () => {
    handler = () => new Response('unreachable')
    expect((await raw('/', { host: 'bad host:x' })).status).toBe(400)
  })

  it.each(['example.com#', 'example.com/admin?', 'a@x', 'app.test:80/x'])('answers 400 for a Host that would change the path the handler sees (%s)', async (host) => {
    handler = () => new Response('unreachable')
    expect((await raw('/public', { host })).status).toBe(400)
  })

  it.each(['app.test', 'app.test:8080', '127.0.0.1:3000', '[::1]:3000'])('accepts a Host of a name or address and a port (%s)', async (host) => {
    handler = (request) => new Response(new URL(request.url).pathname)
    expect((await raw('/public', { host })).body).toBe('/public')
  })

  it('needs a function', () => {
    expect(() => toNodeListener('app' as never)).toThrow('sessionkit: toNodeListener(handler) needs a Fetch handler')
  })
})
