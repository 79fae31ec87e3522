import type { SessionData } from '../../core/session.js'
import { normalizeFetchSessionsOptions, type FetchSessionsOptions } from './fetch-session-options.js'
import { createHonoSessionMiddleware, type HonoSessionMiddleware } from './hono-session-middleware.js'
import { createRequestSession, type SessionAccessor } from './request-session.js'
import { responseWithSessionHeaders } from './response-with-session-headers.js'
import { createRejectionReporter } from '../../core/session-rejections.js'

/** What a wrapped handler receives after the request. */
export interface FetchSessionContext<Data extends object = SessionData, FlashData extends object = Data> {
  /** The request's session, read from storage on the first call; never calling it costs nothing. */
  readonly session: SessionAccessor<Data, FlashData>
}

/** A Fetch handler that gets the session context as its second argument; `rest` are the platform's extra arguments. */
export type SessionFetchHandler<Data extends object, FlashData extends object, Rest extends unknown[]> = (
  request: Request,
  context: FetchSessionContext<Data, FlashData>,
  ...rest: Rest
) => Response | Promise<Response>

/** Sessions for Fetch handlers; see {@link createFetchSessions}. */
export interface FetchSessions<Data extends object = SessionData, FlashData extends object = Data> {
  /**
   * A plain Fetch handler `(request, ...rest) => Promise<Response>` around `handler`, which also gets the
   * session context. After `handler` resolves, a session it read is saved and its cookie appended to the
   * response. A handler that throws is rethrown and its session not saved; a store failure while saving
   * rejects with the storage's `SessionStoreError`: handle both in your error boundary.
   */
  wrap<Rest extends unknown[] = []>(handler: SessionFetchHandler<Data, FlashData, Rest>): (request: Request, ...rest: Rest) => Promise<Response>
  /**
   * A Hono middleware: `c.var.session` / `c.get('session')` is the lazy accessor (`await c.var.session()`);
   * after the handlers, the session is saved and the cookie added to `c.res`. Errors reach `app.onError`.
   */
  hono(): HonoSessionMiddleware
}

/**
 * Sessions for Fetch (`Request` → `Response`) handlers: Hono, Bun, Deno, Cloudflare, `node:http` through
 * {@link toNodeListener}. The session is read only when the handler asks for it, and the cookie is set from
 * what `storage.save` returns (a value: set it; `''`: expire it; `null`: nothing). Every option is checked here.
 *
 * @example
 * const sessions = createFetchSessions({ storage: createMemorySessionStorage() })
 * const handler = sessions.wrap(async (request, { session }) => {
 *   const s = await session()
 *   s.set('views', Number(s.get('views') ?? 0) + 1)
 *   return new Response(`views: ${s.get('views')}`)
 * })
 */
export function createFetchSessions<Data extends object = SessionData, FlashData extends object = Data>(
  options: FetchSessionsOptions<Data, FlashData>,
): FetchSessions<Data, FlashData> {
  const normalized = normalizeFetchSessionsOptions(options)
  const reportRejection = createRejectionReporter(normalized.onSessionRejected, normalized.cookie.name)
  return {
    wrap(handler) {
      if (typeof handler !== 'function') {
        throw new TypeError(`sessionkit: sessions.wrap(handler) needs a function (request, { session }) => Response, got ${typeof handler}.`)
      }
      return async (request, ...rest) => {
        const requestSession = createRequestSession(request, normalized, reportRejection)
        const response = await handler(request, { session: requestSession.session }, ...rest)
        return responseWithSessionHeaders(response, await requestSession.finish())
      }
    },
    hono: () => createHonoSessionMiddleware(normalized, reportRejection),
  }
}
