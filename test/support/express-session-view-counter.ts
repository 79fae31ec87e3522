/**
 * The app the store test files run under the real express-session package: a view counter whose store is one of
 * ours, plugged in through {@link NativeStoreBridge}, so each store is proven as a drop-in express-session store.
 *
 * ```ts
 * const agent = request.agent(viewCounterApp(store))
 * expect((await agent.get('/count')).text).toBe('1')
 * ```
 */
import express, { type Express } from 'express'
import { createRequire } from 'node:module'
import request from 'supertest'
import { expect } from 'vitest'
import type sessionkitSession from '../../src/express.ts'
import { NativeStoreBridge } from '../../src/lib/adapters/express/native-store-bridge.ts'
import type { SessionStore } from '../../src/lib/core/store-contract.ts'

// The real express-session package, typed as ours (which mirrors its API).
const expressSession = createRequire(import.meta.url)('express-session') as typeof sessionkitSession

/** The cookie lifetime the app gives every session, in ms. */
export const viewCounterMaxAge = 60_000

/** Options of {@link viewCounterApp}. */
export interface ViewCounterOptions {
  /** express-session's `rolling`: every response sets the cookie again and saves or touches the session. @default false */
  rolling?: boolean
}

/**
 * An Express 5 app on real express-session (`resave: false`, `saveUninitialized: false`, cookie `maxAge`
 * {@link viewCounterMaxAge}) storing sessions in `store` through {@link NativeStoreBridge}. Routes:
 * `GET /count` adds one to `views` and answers the new count; `GET /peek` answers the count without changing it
 * (express-session then only touches the session); `GET /logout` destroys the session and answers `bye`.
 */
export function viewCounterApp(store: SessionStore, options: ViewCounterOptions = {}): Express {
  const app = express()
  app.use(
    expressSession({
      secret: 'keyboard cat',
      resave: false,
      saveUninitialized: false,
      rolling: options.rolling ?? false,
      store: new NativeStoreBridge(store) as never,
      cookie: { maxAge: viewCounterMaxAge },
    }),
  )
  app.get('/count', (req, res) => {
    req.session.views = ((req.session.views as number | undefined) ?? 0) + 1
    res.send(String(req.session.views))
  })
  app.get('/peek', (req, res) => {
    res.send(String((req.session.views as number | undefined) ?? 0))
  })
  app.get('/logout', (req, res, next) => req.session.destroy((err) => (err ? next(err) : res.send('bye'))))
  return app
}

/** A store that keeps its sessions where a new instance opened on the same place finds them (a file, a directory). */
export type ReopenableStore = SessionStore & Required<Pick<SessionStore, 'ids' | 'length' | 'close'>>

/**
 * Proves that sessions outlive a restart of the store: counts views twice on a first store from `openStore()`,
 * closes it, then sends the same browser cookie to a new app on a second store from `openStore()`, which must
 * continue the count and forget the session on logout. Both stores are closed at the end.
 */
export async function expectViewsToSurviveStoreRestart(openStore: () => ReopenableStore): Promise<void> {
  const first = openStore()
  const response = await request(viewCounterApp(first)).get('/count')
  expect(response.text).toBe('1')
  const cookie = (response.headers['set-cookie'] as unknown as string[])[0]?.split(';')[0] as string
  expect((await request(viewCounterApp(first)).get('/count').set('Cookie', cookie)).text).toBe('2')
  const [id] = await first.ids()
  // express-session derives originalMaxAge from the expiry, so it can come out a millisecond short
  expect((await first.get(id as string))?.cookie?.originalMaxAge).toBeGreaterThan(viewCounterMaxAge - 1000)
  await first.close()

  // the same browser cookie, against a new app and a new store on the same place
  const second = openStore()
  expect((await request(viewCounterApp(second)).get('/count').set('Cookie', cookie)).text).toBe('3')
  await request(viewCounterApp(second)).get('/logout').set('Cookie', cookie)
  expect(await second.length()).toBe(0)
  await second.close()
}
