/**
 * Port of express-session test/session.js, part 4: describe('cookieParser()'),
 * the only section of the original that mounts the middleware in an express
 * app; it runs on express 5 and express 4.
 */
import cookieParser from 'cookie-parser'
import request from 'supertest'
import { describe, it } from 'vitest'
import { expressVersions, implementations } from './implementations.ts'
import { cookie, serverHelpers, sid } from './support/utils.ts'

describe.each(implementations)('session() ($name)', ({ session }) => {
  const { createSession } = serverHelpers(session)

  describe.each(expressVersions)('cookieParser() ($name)', ({ express }) => {
    it('should read from req.cookies', async () => {
      const app = express()
        .use(cookieParser())
        .use(function (req: any, _res: any, next: any) { req.headers.cookie = 'foo=bar'; next() })
        .use(createSession())
        .use(function (req: any, res: any, _next: any) {
          req.session.count = req.session.count || 0
          req.session.count++
          res.end(req.session.count.toString())
        })

      const res = await request(app)
        .get('/')
        .expect(200, '1')

      await request(app)
        .get('/')
        .set('Cookie', cookie(res))
        .expect(200, '2')
    })

    it('should reject unsigned from req.cookies', async () => {
      const app = express()
        .use(cookieParser())
        .use(function (req: any, _res: any, next: any) { req.headers.cookie = 'foo=bar'; next() })
        .use(createSession({ key: 'sessid' }))
        .use(function (req: any, res: any, _next: any) {
          req.session.count = req.session.count || 0
          req.session.count++
          res.end(req.session.count.toString())
        })

      const res = await request(app)
        .get('/')
        .expect(200, '1')

      await request(app)
        .get('/')
        .set('Cookie', 'sessid=' + sid(res))
        .expect(200, '1')
    })

    it('should reject invalid signature from req.cookies', async () => {
      const app = express()
        .use(cookieParser())
        .use(function (req: any, _res: any, next: any) { req.headers.cookie = 'foo=bar'; next() })
        .use(createSession({ key: 'sessid' }))
        .use(function (req: any, res: any, _next: any) {
          req.session.count = req.session.count || 0
          req.session.count++
          res.end(req.session.count.toString())
        })

      const res = await request(app)
        .get('/')
        .expect(200, '1')

      const val = cookie(res).replace(/...\./, '.')
      await request(app)
        .get('/')
        .set('Cookie', val)
        .expect(200, '1')
    })

    it('should read from req.signedCookies', async () => {
      const app = express()
        .use(cookieParser('keyboard cat'))
        .use(function (req: any, _res: any, next: any) { delete req.headers.cookie; next() })
        .use(createSession())
        .use(function (req: any, res: any, _next: any) {
          req.session.count = req.session.count || 0
          req.session.count++
          res.end(req.session.count.toString())
        })

      const res = await request(app)
        .get('/')
        .expect(200, '1')

      await request(app)
        .get('/')
        .set('Cookie', cookie(res))
        .expect(200, '2')
    })
  })
})
