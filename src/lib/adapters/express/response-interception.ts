import type { ServerResponse } from 'node:http'
import onHeaders from 'on-headers'

export interface ResponseInterception {
  /** Runs once, right before the status line and headers are written: the last moment to add a Set-Cookie. */
  beforeHeaders(this: void): void
  /**
   * Runs when the app ends the response. Return `false` when there is nothing to wait for; otherwise start the
   * work, return `true` and call `resume` when it is done. Until then nothing of the response is sent.
   */
  beforeEnd(this: void, resume: (error?: unknown) => void): boolean
  /**
   * The work of `beforeEnd` failed. With `headersSent` false the response is untouched and the ended response
   * is dropped, so an error handler can send a proper error instead; with `headersSent` true the response is
   * finished as the app wrote it.
   */
  failed(this: void, error: unknown, headersSent: boolean): void
}

type End = ServerResponse['end']

/**
 * The one place the express face intercepts the end of a response. Unlike express-session, which sends all but
 * the last byte before its store write finishes (its issue #360), the app's `res.end` is held until the session
 * is stored, so a redirect never reaches the browser ahead of the session it depends on.
 * Middleware that wraps `res.end` before or after this one keeps working: each wrapper calls the one it replaced.
 */
export function interceptResponse(res: ServerResponse, interception: ResponseInterception): void {
  onHeaders(res, interception.beforeHeaders)
  const originalEnd = res.end as (...args: unknown[]) => ServerResponse
  let state: 'open' | 'held' | 'passthrough' = 'open'

  res.end = function end(this: ServerResponse, ...args: unknown[]): ServerResponse {
    if (state === 'passthrough') return originalEnd.apply(this, args)
    if (state === 'held') return this
    state = 'held'
    const held = interception.beforeEnd((error) => {
      state = 'passthrough'
      if (error !== undefined) {
        const headersSent = res.headersSent
        interception.failed(error, headersSent)
        if (!headersSent) return
      }
      originalEnd.apply(res, args)
    })
    if (held) return this
    state = 'passthrough'
    return originalEnd.apply(this, args)
  } as End
}
