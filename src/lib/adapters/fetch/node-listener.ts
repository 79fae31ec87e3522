import type { IncomingMessage, ServerResponse } from 'node:http'
import { requestOfIncomingMessage } from './node-request.js'
import { writeResponse } from './node-response.js'

/** A Fetch handler, as `sessions.wrap` returns it. */
export type FetchHandler = (request: Request) => Response | Promise<Response>

/** Options of {@link toNodeListener}. */
export interface NodeListenerOptions {
  /**
   * Called with an error the handler threw (the client gets a plain 500) or a response body that failed
   * midway (the connection is closed).
   * @default logs it with console.error
   */
  onError?: (error: unknown, request: Request | undefined) => void
}

/**
 * A `node:http` request listener serving a Fetch handler: `http.createServer(toNodeListener(handler))`. A
 * handler that throws gets the client a 500 (and `onError` the error), never a crashed process; a request whose
 * URL cannot be parsed gets a 400.
 */
export function toNodeListener(handler: FetchHandler, options: NodeListenerOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  if (typeof handler !== 'function') throw new TypeError(`sessionkit: toNodeListener(handler) needs a Fetch handler (request) => Response, got ${typeof handler}.`)
  const onError = options.onError ?? ((error: unknown) => console.error('sessionkit: the Fetch handler failed:', error))
  return (req, res) => {
    void serve(req, res).catch(() => res.destroy())
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const aborted = new AbortController()
    res.once('close', () => {
      if (!res.writableFinished) aborted.abort()
    })
    let request: Request
    try {
      request = requestOfIncomingMessage(req, aborted.signal)
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad Request')
      return
    }
    let response: Response
    try {
      response = await handler(request)
      if (!(response instanceof Response)) throw new TypeError(`sessionkit: the Fetch handler must return a Response, got ${typeof response}.`)
    } catch (error) {
      onError(error, request)
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('Internal Server Error')
      return
    }
    try {
      await writeResponse(response, res, request.method)
    } catch (error) {
      onError(error, request)
      res.destroy()
    }
  }
}
