import type { SessionData } from '../../core/session.js'
import type { NormalizedFetchSessionsOptions } from './fetch-session-options.js'
import type { RejectionReporter } from '../../core/session-rejections.js'
import { createRequestSession, type SessionAccessor } from './request-session.js'

/**
 * The parts of Hono's `Context` the middleware uses, described by shape so sessionkit never imports Hono (and
 * its types never leak into sessionkit's declarations).
 */
export interface HonoContextLike {
  readonly req: { readonly raw: Request }
  /** The error a handler threw, set by Hono before `app.onError` answers. */
  readonly error?: Error | undefined
  set(key: 'session', value: () => Promise<unknown>): void
  header(name: string, value: string, options?: { append?: boolean }): void
}

/** Hono's `next`. */
export type HonoNext = () => Promise<void>

/** A Hono middleware, `app.use(sessions.hono())`. */
export type HonoSessionMiddleware = (c: HonoContextLike, next: HonoNext) => Promise<void>

/**
 * The context variables the middleware sets, for `new Hono<{ Variables: SessionVariables }>()`:
 * `c.var.session` (or `c.get('session')`) is the lazy accessor, `await c.var.session()`.
 */
export interface SessionVariables<Data extends object = SessionData, FlashData extends object = Data> {
  session: SessionAccessor<Data, FlashData>
}

/** The Hono middleware of {@link createFetchSessions}. */
export function createHonoSessionMiddleware<Data extends object, FlashData extends object>(
  options: NormalizedFetchSessionsOptions<Data, FlashData>,
  reportRejection: RejectionReporter<Request>,
): HonoSessionMiddleware {
  return async (c, next) => {
    const requestSession = createRequestSession(c.req.raw, options, reportRejection)
    c.set('session', requestSession.session)
    await next()
    // A handler that failed leaves its session unsaved, as the wrapper does: half-made changes are not committed.
    if (c.error !== undefined) return
    // c.header rebuilds a response whose headers are immutable (Response.redirect, a fetch result).
    for (const [name, value] of await requestSession.finish()) c.header(name, value, { append: name === 'Set-Cookie' })
  }
}
