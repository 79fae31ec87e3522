// Phase 1: a million new sessions into sessionkit/express's default MemoryStore (bounded: 50,000 sessions or
// 64 MiB, least recently used evicted), memory sampled every `every` sessions.
import session from 'sessionkit/express'
import { memorySample, mib } from './memory-sample.js'
import { socketlessRequest } from './socketless-request.js'

const BATCH = 1000

export async function runMemoryPhase({ sessions, every, log }) {
  const store = new session.MemoryStore()
  const middleware = session({ secret: 'soak secret', resave: false, saveUninitialized: false, store, cookie: { maxAge: 3_600_000 } })
  const newVisitor = () => socketlessRequest(middleware, { handle: (req) => void (req.session.visited = Date.now()) })
  const started = performance.now()
  const samples = []
  const sample = (done) => {
    const s = { sessions: done, ...memorySample(), stored: store.cache.size, storedBytes: store.cache.byteSize, seconds: (performance.now() - started) / 1000 }
    samples.push(s)
    log(`  ${done.toLocaleString('en').padStart(9)} sessions  rss ${mib(s.rss).padStart(6)} MiB  heapUsed ${mib(s.heapUsed).padStart(6)} MiB  store ${s.stored.toLocaleString('en')} sessions / ${mib(s.storedBytes)} MiB  ${s.seconds.toFixed(0)} s`)
  }
  await newVisitor()
  sample(1)
  let done = 1
  while (done < sessions) {
    const count = Math.min(BATCH, sessions - done, every - (done % every))
    await Promise.all(Array.from({ length: count }, newVisitor))
    done += count
    if (done % every === 0 || done === sessions) sample(done)
  }
  return samples
}
