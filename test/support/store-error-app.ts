import express, { type Express } from 'express'
import session from '../../src/express.ts'
import { SessionStoreError } from '../../src/index.ts'
import type { SessionStore } from '../../src/lib/core/store-contract.ts'

/** What {@link storeErrorReportingApp} answers with status 500 when a request fails. */
export interface StoreErrorBody {
  name: string
  /** Whether the error is a {@link SessionStoreError}. */
  isStoreError: boolean
  operation?: string
  code?: string
  message: string
}

/**
 * An Express 5 app on sessionkit/express (`resave: false`, `saveUninitialized: false`, cookie `maxAge` 60 s) over
 * `store`, for proving how store faults reach a request: `GET /count` adds one to `views` and answers the new
 * count; `addRoutes` mounts a test's own routes beside it; an error handler, mounted last, answers any failure
 * with status 500 and a {@link StoreErrorBody} as JSON.
 */
export function storeErrorReportingApp(store: SessionStore, addRoutes: (app: Express) => void = () => {}): Express {
  const app = express()
  app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, store, cookie: { maxAge: 60_000 } }))
  app.get('/count', (req, res) => {
    req.session.views = ((req.session.views as number | undefined) ?? 0) + 1
    res.send(String(req.session.views))
  })
  addRoutes(app)
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const e = err as SessionStoreError
    const body: StoreErrorBody = { name: e.name, isStoreError: err instanceof SessionStoreError, operation: e.operation, code: e.code, message: e.message }
    res.status(500).json(body)
  })
  return app
}
