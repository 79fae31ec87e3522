// Child process (run with --expose-gc): pushes N new visitors through one library's session middleware and
// its default MemoryStore, reporting memory every `every` visitors over IPC (or stdout when run alone).
// argv: <express-session|sessionkit> <visitors> <every>
import { setImmediate as tick } from 'node:timers/promises'
import { newVisitor } from './fake-http.js'
import { loadSessionFactory, sessionOptions, storeBytes, storeSize } from './variants.js'

const [library, visitorsArg, everyArg] = process.argv.slice(2)
const visitors = Number(visitorsArg)
const every = Number(everyArg)
const BATCH = 1000
const emit = (msg) => (process.send ? process.send(msg) : console.log(JSON.stringify(msg)))

function collect() {
  if (typeof global.gc === 'function') {
    global.gc()
    global.gc()
  }
}

let store
function sample(done, started) {
  collect()
  const mem = process.memoryUsage()
  return {
    visitors: done,
    rss: mem.rss,
    heapUsed: mem.heapUsed,
    storeSessions: storeSize(store),
    storeBytes: storeBytes(store),
    elapsedMs: Math.round(performance.now() - started),
  }
}

/** Starts `count` visitors at once and resolves when all their sessions are saved. */
function batch(middleware, count) {
  return new Promise((resolve, reject) => {
    let pending = count
    let failed = false
    const onDone = (err, req) => {
      if (failed) return
      if (err) {
        failed = true
        return reject(err)
      }
      store ??= req.sessionStore
      if (--pending === 0) resolve()
    }
    for (let i = 0; i < count; i++) newVisitor(middleware, onDone)
  })
}

const factory = await loadSessionFactory(library)
if (!factory) throw new Error(`memory phase needs a session library, got ${library}`)
const middleware = factory(sessionOptions())
const started = performance.now()

// Warm the code paths and create the store before the baseline, so the baseline is not just an empty heap.
await batch(middleware, 1)
emit({ type: 'sample', library, gcExposed: typeof global.gc === 'function', ...sample(1, started) })

let done = 1
while (done < visitors) {
  const count = Math.min(BATCH, visitors - done, every - (done % every) || every)
  await batch(middleware, count)
  done += count
  if (done % every === 0 || done === visitors) emit({ type: 'sample', library, ...sample(done, started) })
  await tick() // lets express-session's deferred store callbacks and timers run
}
emit({ type: 'done', library })
