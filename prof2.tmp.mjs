import http from 'node:http'
import { Socket } from 'node:net'
import sk from './dist/express.js'
function fake(cookie) {
  const req = new http.IncomingMessage(new Socket())
  req.url = '/read'; req.method = 'GET'; req.headers = cookie ? { cookie } : {}
  const res = new http.ServerResponse(req)
  res._send = () => true
  return { req, res }
}
const path = process.argv[2]
const mw = sk({ secret: 'keyboard cat', resave: false, saveUninitialized: false, cookie: { maxAge: 3600000 } })
let cookie
{ const { req, res } = fake(); await new Promise(r => mw(req, res, () => { req.session.user='alice'; req.session.views=0; res.end('ok'); setImmediate(r) })); cookie = String(res.getHeader('set-cookie')[0]).split(';')[0] }
const one = () => new Promise((resolve) => {
  const { req, res } = fake(path === 'new' ? undefined : cookie)
  mw(req, res, () => {
    if (path === 'write') req.session.views++
    else if (path === 'new') req.session.visited = true
    else void req.session.user
    res.end('hello'); setImmediate(resolve)
  })
})
for (let i = 0; i < 100000; i++) await one()
