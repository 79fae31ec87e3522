import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import session from '../../../../src/express.ts'
import flash from '../../../../src/flash.ts'
import { expressVersions } from '../../../support/express-versions.ts'

const servers: http.Server[] = []
afterEach(() => {
  for (const server of servers.splice(0)) server.close()
})

/** Resolves as soon as the status line and headers arrive, as a browser starts following a redirect. */
function headersOf(port: number, method: string, path: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request({ port, host: '127.0.0.1', method, path }, (res) => {
      resolve(res)
      res.resume()
    })
    req.on('error', reject)
    req.end()
  })
}

function send(port: number, method: string, path: string, cookie?: string): Promise<http.IncomingMessage & { body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ port, host: '127.0.0.1', method, path, headers: cookie ? { cookie } : {} }, (res) => {
      let body = ''
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve(Object.assign(res, { body })))
    })
    req.on('error', reject)
    req.end()
  })
}

describe.each(expressVersions)('a flash message and the redirect that shows it ($version)', ({ express }) => {
  it('is stored before the redirect reaches the browser, even when the store is slow', async () => {
    const store = new session.MemoryStore()
    const set = store.set.bind(store)
    // A store that takes 30 ms to write: express-session would already have sent the redirect.
    store.set = (sid, sess, callback) => setTimeout(() => set(sid, sess, callback), 30)
    const app = express()
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, store }))
    app.use(flash())
    app.post('/signup', (req, res) => {
      req.flash('error', 'That email is already taken.')
      res.redirect('/signup')
    })
    app.get('/signup', (req, res) => res.json(req.flash('error')))
    const server = http.createServer(app)
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port

    const redirect = await headersOf(port, 'POST', '/signup')
    expect(redirect.statusCode).toBe(302)
    const cookie = redirect.headers['set-cookie']![0]!.split(';')[0]!
    // Following the redirect the moment its headers arrive: the message must already be stored.
    expect((await send(port, 'GET', '/signup', cookie)).body).toBe('["That email is already taken."]')
    expect((await send(port, 'GET', '/signup', cookie)).body).toBe('[]')
  })
})
