import type { ServerResponse } from 'node:http'

/**
 * Writes a Fetch `Response` to a `node:http` response: status, headers (each Set-Cookie as its own header) and
 * the body, streamed with backpressure. Resolves when the body is written; rejects when reading it fails (the
 * caller destroys the connection, as headers may be out already).
 */
export async function writeResponse(response: Response, res: ServerResponse, method: string): Promise<void> {
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) headers['set-cookie'] = cookies
  res.writeHead(response.status, response.statusText || undefined, headers)
  const body = response.body
  if (body === null || method === 'HEAD') {
    if (body !== null) await body.cancel()
    res.end()
    return
  }
  const reader = body.getReader()
  const closed = new Promise<void>((resolve) => res.once('close', resolve))
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (res.destroyed) {
        await reader.cancel()
        return
      }
      if (!res.write(value)) await Promise.race([new Promise((resolve) => res.once('drain', resolve)), closed])
    }
    res.end()
  } finally {
    reader.releaseLock()
  }
}
