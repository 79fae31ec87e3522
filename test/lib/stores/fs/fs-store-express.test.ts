import express from 'express'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import request from 'supertest'
import { afterAll, describe, expect, it } from 'vitest'
import type sessionkitSession from '../../../../src/express.ts'
import { NativeStoreBridge } from '../../../../src/lib/adapters/express/native-store-bridge.ts'
import { FsStore } from '../../../../src/stores/fs.ts'

const expressSession = createRequire(import.meta.url)('express-session') as typeof sessionkitSession
const directory = await mkdtemp(join(tmpdir(), 'sessionkit-fs-express-'))
afterAll(() => rm(directory, { recursive: true, force: true }))

describe('FsStore as the store of express-session (through NativeStoreBridge, Express 5)', () => {
  it('counts views across requests, and the count survives a restart of the store', async () => {
    const path = join(directory, 'sessions')
    const app = (store: FsStore) => {
      const created = express()
      created.use(expressSession({ secret: 'keyboard cat', resave: false, saveUninitialized: false, store: new NativeStoreBridge(store) as never, cookie: { maxAge: 60_000 } }))
      created.get('/count', (req, res) => {
        req.session.views = ((req.session.views as number) ?? 0) + 1
        res.send(String(req.session.views))
      })
      created.get('/logout', (req, res, next) => req.session.destroy((err) => (err ? next(err) : res.send('bye'))))
      return created
    }
    const first = new FsStore({ directory: path })
    const response = await request(app(first)).get('/count')
    expect(response.text).toBe('1')
    const cookie = (response.headers['set-cookie'] as unknown as string[])[0]?.split(';')[0] as string
    expect((await request(app(first)).get('/count').set('Cookie', cookie)).text).toBe('2')
    const [id] = await first.ids()
    // express-session derives originalMaxAge from the expiry, so it can come out a millisecond short
    expect((await first.get(id as string))?.cookie?.originalMaxAge).toBeGreaterThan(59_000)
    await first.close()

    // the same browser cookie, against a new app and a new store on the same file
    const second = new FsStore({ directory: path })
    expect((await request(app(second)).get('/count').set('Cookie', cookie)).text).toBe('3')
    await request(app(second)).get('/logout').set('Cookie', cookie)
    expect(await second.length()).toBe(0)
    await second.close()
  })
})
