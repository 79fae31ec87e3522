import { serve } from '@hono/node-server'
import { createMemorySessionStorage } from 'sessionkit'
import { createExampleApp } from './app.js'

const port = Number(process.env.PORT ?? 3001)
const hostname = process.env.HOST ?? '127.0.0.1'

// Memory sessions for the example; any sessionkit storage works (createStoreSessionStorage over Redis, files, a cookie).
const storage = createMemorySessionStorage()
// TRUST_PROXY=1 when a TLS-terminating proxy is in front, so secure: 'auto' sees HTTPS through X-Forwarded-Proto.
const app = createExampleApp({ storage, trustProxy: process.env.TRUST_PROXY === '1' })

const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  console.log(`sessionkit Hono example listening on http://${hostname}:${info.port}/`)
})

// Stop cleanly on Ctrl-C or `kill`.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close(async () => {
      await storage.close()
      process.exit(0)
    })
  })
}
