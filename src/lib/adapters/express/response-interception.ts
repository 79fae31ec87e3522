import type { OutgoingHttpHeaders, ServerResponse } from 'node:http'

export interface ResponseInterception {
  /** Runs once, right before the status line and headers are written: the last moment to add a Set-Cookie. */
  beforeHeaders(): void
  /**
   * Runs when the app ends the response. Return `false` when there is nothing to wait for; otherwise start the
   * work, return `true` and call `resume` when it is done. Until then nothing of the response is sent.
   */
  beforeEnd(resume: (error?: unknown) => void): boolean
  /**
   * The work of `beforeEnd` failed. With `headersSent` false the response is untouched and the ended response
   * is dropped, so an error handler can send a proper error instead; with `headersSent` true the response is
   * finished as the app wrote it.
   */
  failed(error: unknown, headersSent: boolean): void
}

type End = ServerResponse['end']
type WriteHead = ServerResponse['writeHead']

function setHeaders(res: ServerResponse, headers: unknown): void {
  if (Array.isArray(headers)) {
    // Raw headers: [[name, value], …] or [name, value, name, value, …].
    if (Array.isArray(headers[0])) {
      for (const [name, value] of headers as [string, string][]) res.setHeader(name, value)
      return
    }
    if (headers.length % 2 !== 0) throw new TypeError('headers array is malformed')
    for (let i = 0; i < headers.length; i += 2) res.setHeader(headers[i] as string, headers[i + 1] as string)
    return
  }
  if (headers && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders)) {
      if (name && value !== undefined) res.setHeader(name, value)
    }
  }
}

/**
 * Runs `beforeHeaders` once, right before the headers are written, as the `on-headers` package does: headers
 * passed to `writeHead` are set first, so it can add to them (a Set-Cookie given to writeHead
 * is kept, ours is appended).
 */
function interceptWriteHead(res: ServerResponse, interception: ResponseInterception): void {
  const originalWriteHead = res.writeHead as (...args: unknown[]) => ServerResponse
  let fired = false
  res.writeHead = function writeHead(this: ServerResponse, ...args: unknown[]): ServerResponse {
    if (fired) return originalWriteHead.apply(this, args)
    fired = true
    const headerIndex = typeof args[1] === 'string' ? 2 : 1
    this.statusCode = args[0] as number
    if (args.length > headerIndex) setHeaders(this, args[headerIndex])
    interception.beforeHeaders()
    // The status as it is now (beforeHeaders may change it), the reason phrase if one was given.
    return headerIndex === 2 ? originalWriteHead.call(this, this.statusCode, args[1]) : originalWriteHead.call(this, this.statusCode)
  } as WriteHead
}

const HEADER_METHODS = ['setHeader', 'appendHeader', 'removeHeader'] as const

function headersSentError(verb: string): () => never {
  return function headersSent(): never {
    throw Object.assign(new Error(`Cannot ${verb} headers after they are sent to the client`), { code: 'ERR_HTTP_HEADERS_SENT' })
  }
}

// Made once: sealing is on the path of every response that waits for a save.
const SEALED: Record<(typeof HEADER_METHODS)[number], PropertyDescriptor> = {
  setHeader: { configurable: true, writable: true, value: headersSentError('set') },
  appendHeader: { configurable: true, writable: true, value: headersSentError('set') },
  removeHeader: { configurable: true, writable: true, value: headersSentError('remove') },
}

/**
 * Once the app has ended the response, its headers are final, as on a response that was not held: Node throws
 * ERR_HTTP_HEADERS_SENT when they change after `res.end()`, and so does a held response, until the session is
 * stored and the response really goes out. Returns what lifts the seal.
 */
function sealHeaders(res: ServerResponse): () => void {
  // Another middleware may have wrapped one of them on this response: its wrapper comes back afterwards.
  const own = HEADER_METHODS.map((method) => Object.getOwnPropertyDescriptor(res, method))
  for (const method of HEADER_METHODS) {
    if (typeof res[method] === 'function') Object.defineProperty(res, method, SEALED[method])
  }
  return () => {
    HEADER_METHODS.forEach((method, i) => {
      const descriptor = own[i]
      if (descriptor) Object.defineProperty(res, method, descriptor)
      else delete (res as unknown as Record<string, unknown>)[method]
    })
  }
}

/**
 * The one place the express face intercepts the end of a response. Unlike express-session, which sends all but
 * the last byte before its store write finishes (its issue #360), the app's `res.end` is held until the session
 * is stored, so a redirect never reaches the browser ahead of the session it depends on.
 * Middleware that wraps `res.end` before or after this one keeps working: each wrapper calls the one it replaced.
 */
export function interceptResponse(res: ServerResponse, interception: ResponseInterception): void {
  interceptWriteHead(res, interception)
  const originalEnd = res.end as (...args: unknown[]) => ServerResponse
  let state: 'open' | 'held' | 'passthrough' = 'open'

  res.end = function end(this: ServerResponse, ...args: unknown[]): ServerResponse {
    if (state === 'passthrough') return originalEnd.apply(this, args)
    if (state === 'held') return this
    state = 'held'
    let held: boolean
    let unseal: (() => void) | undefined
    try {
      held = interception.beforeEnd((error) => {
        state = 'passthrough'
        unseal?.()
        // Stores call back with null for "no error" as often as with nothing.
        if (error !== undefined && error !== null) {
          const headersSent = res.headersSent
          interception.failed(error, headersSent)
          if (!headersSent) return
        }
        try {
          originalEnd.apply(res, args)
        } catch (endError) {
          // This may run in a store's callback: a throw here would reach the store's code, or crash the process.
          interception.failed(endError, res.headersSent)
        }
      })
    } catch (err) {
      // The app broke its session (say, replaced req.session with a plain object): let its error handler answer.
      state = 'passthrough'
      throw err
    }
    if (held) {
      // Unless the work is done already (a store that called back at once).
      if (state === 'held') unseal = sealHeaders(this)
      return this
    }
    state = 'passthrough'
    return originalEnd.apply(this, args)
  } as End
}
