// Soak run (not a unit test): memory of sessionkit under a long load, in one process.
//
//   npm run build && node bench/soak/run.js [--phase memory|redis|all] [--sessions 1000000] [--every 100000]
//                                           [--requests 1000000] [--redis-every 100000] [--redis-sessions 10000]
//                                           [--quick]
//
// Phase "memory": a million new sessions through sessionkit/express with its default MemoryStore (bounded at
//   50,000 sessions / 64 MiB, LRU), RSS and heap reported every 100k after gc(): once the store is full they
//   must stay flat. Phase "redis": a million requests, half reads and half writes, on 10,000 sessions in Redis
//   (a private redis-server when the binary is installed, else REDIS_URL) through sessionkit/express and
//   RedisStore: the Node process's heap and RSS must not grow, nor the number of keys in Redis.
// Requests are driven in process on real http.IncomingMessage / ServerResponse objects without a socket
// (bench/soak/lib/socketless-request.js): the middleware, the store and the Redis client run as in production,
// only the kernel and the HTTP parser are left out. Over real HTTP this machine does ~3k req/s for bare Express
// (over 5 minutes per million before any session work, and the load generator's own memory in the figures);
// in process the figures are the session layer's own. Imports from 'sessionkit' (the built dist): run
// `npm run build` first.
// Re-runs itself with --expose-gc when gc() is not exposed, so samples are of live memory.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { runMemoryPhase } from './lib/memory-phase.js'
import { mib } from './lib/memory-sample.js'
import { runRedisPhase } from './lib/redis-phase.js'

if (typeof globalThis.gc !== 'function') {
  const again = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' })
  process.exit(again.status ?? 1)
}

const { values } = parseArgs({
  options: {
    phase: { type: 'string', default: 'all' },
    sessions: { type: 'string' },
    every: { type: 'string' },
    requests: { type: 'string' },
    'redis-every': { type: 'string' },
    'redis-sessions': { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
})
const quick = values.quick
const int = (value, fallback) => (value === undefined ? fallback : Number(value.replace(/_/g, '')))
const config = {
  sessions: int(values.sessions, quick ? 200_000 : 1_000_000),
  every: int(values.every, quick ? 50_000 : 100_000),
  requests: int(values.requests, quick ? 200_000 : 1_000_000),
  redisEvery: int(values['redis-every'], quick ? 50_000 : 100_000),
  redisSessions: int(values['redis-sessions'], quick ? 2_000 : 10_000),
}
const log = (line) => console.log(line)

// Each phase in a process of its own, so neither's memory (the full MemoryStore, Redis client buffers) shows in the other's figures.
if (values.phase === 'all') {
  for (const phase of ['memory', 'redis']) {
    const args = ['--phase', phase, '--sessions', config.sessions, '--every', config.every, '--requests', config.requests, '--redis-every', config.redisEvery, '--redis-sessions', config.redisSessions].map(String)
    const run = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' })
    if (run.status !== 0) process.exit(run.status ?? 1)
  }
  process.exit(0)
}

/** Growth between two samples, in MiB. */
const growth = (from, to, field) => (to[field] - from[field]) / (1024 * 1024)

if (values.phase === 'memory') {
  log(`\n== memory: ${config.sessions.toLocaleString('en')} new sessions into the default MemoryStore (node ${process.version}) ==`)
  const samples = await runMemoryPhase({ sessions: config.sessions, every: config.every, log })
  // The store is full from 50,000 sessions on; the first sample after that (and after the allocator warmed up) is the base.
  const base = samples.find((s) => s.sessions >= 2 * config.every) ?? samples[0]
  const last = samples.at(-1)
  log(`  from ${base.sessions.toLocaleString('en')} to ${last.sessions.toLocaleString('en')} sessions: rss ${growth(base, last, 'rss') >= 0 ? '+' : ''}${growth(base, last, 'rss').toFixed(1)} MiB, heapUsed ${growth(base, last, 'heapUsed') >= 0 ? '+' : ''}${growth(base, last, 'heapUsed').toFixed(1)} MiB; the store holds ${last.stored.toLocaleString('en')} sessions (${mib(last.storedBytes)} MiB)`)
}

if (values.phase === 'redis') {
  log(`\n== redis: ${config.requests.toLocaleString('en')} reads and writes through RedisStore ==`)
  const { samples, lostSessions } = await runRedisPhase({ requests: config.requests, every: config.redisEvery, sessions: config.redisSessions, log })
  const base = samples.find((s) => s.requests >= config.redisEvery) ?? samples[0]
  const last = samples.at(-1)
  log(`  from ${base.requests.toLocaleString('en')} to ${last.requests.toLocaleString('en')} requests: rss ${growth(base, last, 'rss') >= 0 ? '+' : ''}${growth(base, last, 'rss').toFixed(1)} MiB, heapUsed ${growth(base, last, 'heapUsed') >= 0 ? '+' : ''}${growth(base, last, 'heapUsed').toFixed(1)} MiB; keys in Redis ${base.redisKeys} → ${last.redisKeys}; sessions not found: ${lostSessions}`)
}
