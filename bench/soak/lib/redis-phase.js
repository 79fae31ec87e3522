// Phase 2: a long run of reads and writes against Redis through sessionkit/express + RedisStore, on a fixed set
// of sessions, the Node process's heap and RSS sampled every `every` requests.
import { createClient } from 'redis'
import session from 'sessionkit/express'
import { RedisStore } from 'sessionkit/stores/redis'
import { benchRedis } from '../../lib/private-redis.js'
import { memorySample, mib } from './memory-sample.js'
import { cookiePair, socketlessRequest } from './socketless-request.js'

const PARALLEL = 50

export async function runRedisPhase({ requests, every, sessions, log }) {
  const redis = await benchRedis()
  const client = createClient({ url: redis.url })
  client.on('error', (error) => log(`  redis client error: ${error.message}`))
  await client.connect()
  const prefix = `soak:${process.pid}:`
  const store = new RedisStore({ client, prefix })
  const middleware = session({ secret: 'soak secret', resave: false, saveUninitialized: false, store, cookie: { maxAge: 3_600_000 } })
  try {
    log(`  Redis: ${redis.private ? 'a private redis-server' : redis.url}; ${sessions.toLocaleString('en')} sessions, ${PARALLEL} requests at a time, half reads, half writes`)
    const cookies = []
    for (let i = 0; i < sessions; i += PARALLEL) {
      const created = await Promise.all(Array.from({ length: Math.min(PARALLEL, sessions - i) }, () => socketlessRequest(middleware, { handle: (req) => void (req.session.n = 0) })))
      for (const { setCookie } of created) cookies.push(cookiePair(setCookie))
    }
    const started = performance.now()
    const samples = []
    let errors = 0
    const sample = async (done) => {
      const keys = Number(await client.sendCommand(['DBSIZE']))
      const s = { requests: done, ...memorySample(), redisKeys: keys, seconds: (performance.now() - started) / 1000 }
      samples.push(s)
      log(`  ${done.toLocaleString('en').padStart(9)} requests  rss ${mib(s.rss).padStart(6)} MiB  heapUsed ${mib(s.heapUsed).padStart(6)} MiB  external ${mib(s.external).padStart(5)} MiB  keys in Redis ${keys.toLocaleString('en')}  ${s.seconds.toFixed(0)} s`)
    }
    await sample(0)
    let done = 0
    while (done < requests) {
      const count = Math.min(PARALLEL, requests - done)
      await Promise.all(
        Array.from({ length: count }, (_, i) => {
          const n = done + i
          const write = n % 2 === 1
          return socketlessRequest(middleware, {
            cookie: cookies[n % cookies.length],
            handle: (req) => {
              if (req.session.n === undefined) errors++
              if (write) req.session.n += 1
            },
          })
        }),
      )
      done += count
      if (done % every === 0 || done === requests) await sample(done)
    }
    if (errors > 0) log(`  ${errors} requests did not find their session (expected 0)`)
    return { samples, lostSessions: errors }
  } finally {
    await store.clear()
    await client.quit()
    await redis.stop()
  }
}
