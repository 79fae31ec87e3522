import { createDemoApp } from './app.js'

const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '127.0.0.1'
// TRUST_PROXY=1 when a TLS-terminating proxy is in front, so `secure: 'auto'` sees HTTPS.
const trustProxy = process.env.TRUST_PROXY

const app = createDemoApp(trustProxy ? { trustProxy: /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy } : {})

const server = app.listen(port, host, (err) => {
  if (err) {
    console.error(`Could not start the demo on ${host}:${port}: ${err.message}`)
    process.exit(1)
  }
  const address = server.address()
  const shownHost = host.includes(':') ? `[${host}]` : host
  const shownPort = typeof address === 'object' && address ? address.port : port
  console.log(`sessionkit demo listening on http://${shownHost}:${shownPort}/`)
})

// Stop cleanly on Ctrl-C or `kill`.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => server.close(() => process.exit(0)))
}
