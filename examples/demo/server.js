// Starts the demo: `npm run demo`. Settings from the environment:
//   PORT (default 3000; 0 picks a free port), HOST (default 127.0.0.1), STORE (sqlite|memory|redis|postgres),
//   DEMO_DATA_DIR (where STORE=sqlite keeps sessions.db; default examples/demo/data), SESSION_SECRET,
//   TRUST_PROXY (1 when a TLS-terminating proxy is in front, so `secure: 'auto'` sees HTTPS),
//   REDIS_URL, DATABASE_URL.
import { createDemoApp } from './app.js'
import { createDemoStore } from './demo-store.js'

const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '127.0.0.1'
const trustProxy = process.env.TRUST_PROXY

let demoStore
try {
  demoStore = await createDemoStore(process.env.STORE, { dataDirectory: process.env.DEMO_DATA_DIR || undefined })
} catch (err) {
  console.error(`Could not open the demo's session store: ${err instanceof Error ? err.message : err}`)
  process.exit(1)
}
const app = createDemoApp({
  store: demoStore.store,
  users: demoStore.users,
  ...(trustProxy ? { trustProxy: /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy } : {}),
})

const server = app.listen(port, host, (err) => {
  if (err) {
    console.error(`Could not start the demo on ${host}:${port}: ${err.message}`)
    process.exit(1)
  }
  const address = server.address()
  const shownHost = host.includes(':') ? `[${host}]` : host
  const shownPort = typeof address === 'object' && address ? address.port : port
  console.log(`sessionkit demo listening on http://${shownHost}:${shownPort}/ (sessions in ${demoStore.describe}; STORE=sqlite|memory|redis|postgres)`)
})

// Stop cleanly on Ctrl-C or `kill`: the SQLite file is closed, so nothing is lost.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () =>
    server.close(async () => {
      await demoStore.close()
      process.exit(0)
    }),
  )
}
