import { format } from 'node:util'
import request from 'supertest'
import { afterEach, describe, expect, it } from 'vitest'
import session from '../../../../src/express.ts'
import { debugLog } from '../../../../src/lib/core/debug-log.ts'
import { expressVersions } from '../../../support/express-versions.ts'

const originalLog = debugLog.log
const originalEnabled = debugLog.enabled
afterEach(() => {
  debugLog.log = originalLog
  debugLog.enabled = originalEnabled
})

describe.each(expressVersions)('debug output ($version)', ({ express }) => {
  it('logs under the sessionkit namespace and never prints a raw session id', async () => {
    const lines: string[] = []
    debugLog.enabled = true
    debugLog.log = (...args: unknown[]) => lines.push(format(...args))
    const store = new session.MemoryStore()
    const app = express()
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, store, rolling: true }))
    app.get('/', (req, res) => {
      req.session.n = 1
      res.send(req.sessionID)
    })
    const first = await request(app).get('/')
    const second = await request(app).get('/').set('Cookie', first.headers['set-cookie']![0]!.split(';')[0]!)
    expect(debugLog.namespace).toBe('sessionkit')
    expect(lines.some((line) => line.includes('fetching #'))).toBe(true)
    expect(lines.some((line) => line.includes('set-cookie for session #'))).toBe(true)
    for (const line of lines) {
      expect(line).not.toContain(first.text)
      expect(line).not.toContain(second.text)
    }
  })
})
