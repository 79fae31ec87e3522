// Child process: one variant's Express 5 server on 127.0.0.1, driven by the parent over IPC.
//   { cmd: 'start' }  -> begins a measured window (CPU baseline, per-route counters reset)
//   { cmd: 'stop' }   -> ends it: user+system CPU microseconds and the counters of the window
//   { cmd: 'stats' }  -> store occupancy and memory
//   { cmd: 'idle' }   -> once no request is in flight: { inFlight } (0, or what was left after 10 s)
// Every reply carries the request's `id`.
import { loadFlashFactory, loadSessionFactory, preludeOf, ROUTES, sessionOptions, storeBytes, storeSize } from './variants.js'
import { createVariantStore, middlewareOf } from './store-variants.js'
import { createApp } from './app.js'

const variant = process.argv[2]
const zeroes = () => Object.fromEntries(ROUTES.map((route) => [route, 0]))
const counters = { window: zeroes(), total: zeroes(), misses: zeroes(), inFlight: 0 }
// Store commands (Redis commands, PostgreSQL statements) a store variant sent in the current window.
const storeCounters = { commands: 0 }
let store
let cpuBase

const middleware = middlewareOf(variant)
const factory = await loadSessionFactory(middleware)
const flashFactory = await loadFlashFactory(middleware)
const variantStore = await createVariantStore(variant, storeCounters)
const app = createApp({
  session: factory ? factory({ ...sessionOptions(), ...(variantStore ? { store: variantStore.store } : {}) }) : undefined,
  flash: flashFactory ? flashFactory() : undefined,
  prelude: preludeOf(variant),
  counters,
  onStore: (s) => {
    store ??= s
  },
})

const server = app.listen(0, '127.0.0.1', () => {
  process.send({ type: 'ready', port: server.address().port })
})
server.on('error', (err) => {
  console.error(err)
  process.exit(1)
})

process.on('message', (msg) => {
  const reply = (body) => process.send({ id: msg.id, ...body })
  switch (msg.cmd) {
    case 'start':
      counters.window = zeroes()
      counters.misses = zeroes()
      storeCounters.commands = 0
      cpuBase = process.cpuUsage()
      return reply({ ok: true })
    case 'stop': {
      const cpu = process.cpuUsage(cpuBase)
      return reply({ cpuMicros: cpu.user + cpu.system, user: cpu.user, system: cpu.system, window: counters.window, misses: counters.misses, total: counters.total, storeCommands: storeCounters.commands })
    }
    case 'stats': {
      const mem = process.memoryUsage()
      return reply({ storeSize: storeSize(store), storeBytes: storeBytes(store), rss: mem.rss, heapUsed: mem.heapUsed, total: counters.total })
    }
    case 'idle': {
      // Replies once every request taken has ended (or after 10 s, saying how many have not). The first look is
      // 10 ms on, so that requests still in the sockets' buffers when the load stopped have been taken.
      const since = Date.now()
      const check = () => {
        if (counters.inFlight === 0 || Date.now() - since > 10_000) reply({ inFlight: counters.inFlight })
        else setTimeout(check, 5)
      }
      setTimeout(check, 10)
      return undefined
    }
    case 'exit':
      server.closeAllConnections?.()
      server.close(async () => {
        await variantStore?.close()
        process.exit(0)
      })
      return undefined
    default:
      return reply({ error: `unknown command ${msg.cmd}` })
  }
})
