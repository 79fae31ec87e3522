import { Agent, createServer, request, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What a test sees of one HTTP exchange. */
export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: string
  /** The `name=value` parts of each Set-Cookie, in order. */
  cookies: string[]
  ms: number
}

/** Headers of up to 1 MiB reach the app (Node's default is 16 KiB): huge cookies must get to the session layer. */
export const LARGE_HEADER_LIMIT = 1024 * 1024

/** A server for `listener` on a free loopback port, accepting large headers. */
export async function listenOnLoopback(listener: RequestListener): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const server = createServer({ maxHeaderSize: LARGE_HEADER_LIMIT }, listener)

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * A keep-alive HTTP/1.1 client for one port that sends header values as given (Latin-1 bytes, as a real client
 * can; see asHeaderBytes) and fails a request that takes longer than `timeoutMs`: a hang is a failure, not a wait.
 */
export function rawClient(port: number, timeoutMs = 5000) {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 })
  function send(method: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
    const started = performance.now()
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          const setCookie = res.headers['set-cookie'] ?? []
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            cookies: setCookie.map((line) => line.split(';')[0] as string),
            ms: performance.now() - started,
          })
        })
      })
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer to ${method} ${path} within ${timeoutMs} ms`)))
      req.on('error', reject)
      req.end()
    })
  }
  return { send, close: () => agent.destroy() }
}
