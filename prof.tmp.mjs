import http from 'node:http'
import { Socket } from 'node:net'
import { createRequire } from 'node:module'
import sk from './dist/express.js'
const es = createRequire(import.meta.url)('express-session')
process.env.NO_DEPRECATION='express-session'
function fake(cookie) {
  const socket = new Socket()
  const req = new http.IncomingMessage(socket)
  req.url = '/read'; req.method = 'GET'; req.headers = cookie ? { cookie } : {}
  const res = new http.ServerResponse(req)
  res._send = () => true  // swallow output
  res.writeHead = res.writeHead
  return { req, res }
}
async function run(name, session, path, N) {
  const mw = name === 'bare' ? bareMw : session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, cookie: { maxAge: 3600000 } })
  // login
  let cookie
  { const { req, res } = fake(); await new Promise(r => mw(req, res, () => { req.session.user='alice'; req.session.views=0; res.end('ok'); setImmediate(r) })); cookie = name === 'bare' ? 'connect.sid=s%3AThXxR9SblkvtHAMFAnGot8J69Cs1aIR3.SbKmI5R8YHdWPIfEVEEyfhEpHJxQUurC7gDpfR3Ork8' : String(res.getHeader('set-cookie')[0]).split(';')[0] }
  const one = () => new Promise((resolve) => {
    const { req, res } = fake(path === 'new' ? undefined : cookie)
    mw(req, res, () => {
      if (path === 'write') req.session.views = (req.session.views ?? 0) + 1
      else if (path === 'new') req.session.visited = true
      else void req.session.user
      res.on('finish', resolve)  // never fires with fake socket
      res.end('hello'); setImmediate(resolve)
    })
  })
  for (let i = 0; i < 2000; i++) await one()
  const c0 = process.cpuUsage(); const t0 = process.hrtime.bigint()
  for (let i = 0; i < N; i++) await one()
  const c = process.cpuUsage(c0)
  console.log(name.padEnd(16), path.padEnd(6), ((c.user + c.system) / N).toFixed(1), 'us cpu/req')
}
const bareMw = (req, res, next) => { req.session = {}; next() }
const bare = null
for (const path of ['read', 'write', 'new']) {
  await run('bare', bare, path, 20000)
  await run('express-session', es, path, 20000)
  await run('sessionkit', sk, path, 20000)
}
