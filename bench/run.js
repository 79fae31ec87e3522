// sessionkit benchmark: `npm run bench` (builds, then runs this file).
//
//   node bench/run.js [--quick] [--skip-memory]
//   BENCH_DURATION=3 BENCH_WARMUP=1 BENCH_REPEATS=5 node bench/run.js
//
// What it measures, in one run on one machine:
//  1. Throughput and server CPU on an Express 5 app for four variants — `bare` (no session middleware),
//     `bare-dictionary` (bare, with req and res switched to dictionary properties as sessionkit's middleware does
//     first), `express-session` and `sessionkit` (same options, each with its default MemoryStore) — each in its own
//     child process (bench/lib/server-child.js), started one after another, never concurrently.
//     Routes: GET /read and GET /write with an existing session cookie (one GET /login per connection: each
//     connection is its own visitor, as concurrent requests are in real traffic), GET /flash with it
//     (a set-then-read flash cycle: each request shows the message the previous one left and leaves one;
//     connect-flash beside express-session, sessionkit/flash beside sessionkit), GET /new with no cookie
//     (creates a session and a Set-Cookie). autocannon runs in this process: 10 connections,
//     pipelining 1; per route a warm-up (BENCH_WARMUP s, default 1, discarded), then one measured window of
//     BENCH_DURATION s (default 3). This is done in BENCH_REPEATS rounds (default 5): each round starts every
//     variant afresh (bare, bare-dictionary, express-session, sessionkit, one child at a time), so a variant's windows are a
//     minute apart rather than back to back, and a burst of load from elsewhere on the machine hits one
//     window of a variant rather than all of them. --quick: 0.5 s warm-up, one round of 1 s windows.
//     On Linux with taskset, the server runs on core 0 and autocannon on core 1 (bench/lib/cpu-pinning.js), so
//     they do not preempt each other.
//     Server CPU: the child takes process.cpuUsage() (user+system, all threads) between the parent's IPC
//     `start` (sent before autocannon starts) and `stop` (after it finishes); CPU/request = that ÷ responses
//     autocannon completed in the window. Middleware CPU = variant CPU/request − bare CPU/request, same route;
//     sessionkit's own work = sessionkit CPU/request − bare-dictionary CPU/request (the switch makes Express's own
//     per-request work cheaper, which the first figure counts in sessionkit's favour and the second does not).
//     Noise: with 2 rounds the faster window (by req/s) is kept, with 3 or more the median one; a kept window's
//     req/s and CPU/request always come from that same window. All windows are printed and saved. The
//     sessionkit ÷ express-session ratio is also given as the median of the ratios taken within each round,
//     which cancels the drift of this machine's speed between rounds.
//     Targets (reported, never fatal): sessionkit req/s ÷ express-session req/s ≥ 1.5, sessionkit middleware
//     CPU ≤ 25 µs/request (judged on both figures).
//     Checks (fatal, exit 1): every response in every window is 2xx with no errors/timeouts; /read and /write
//     found the logged-in session on every request (counted in the server); the views counter went up over the
//     write runs; the store gained a session per new visitor (sessionkit: up to its 50,000 cap); a plain fetch
//     of /new gets a connect.sid Set-Cookie that brings its stored session back.
//  2. Stores (skipped with --skip-stores): the same rounds, routes and checks on express-session + connect-redis
//     against sessionkit + its RedisStore, and express-session + connect-pg-simple against sessionkit + its
//     PostgresStore (bench/lib/store-variants.js), plus sessionkit's SQLite and file stores alone (no common peer).
//     Redis: a private redis-server on a free port when the binary is installed (bench/lib/private-redis.js), so
//     its command counts are the benchmark's own; else REDIS_URL. PostgreSQL: DATABASE_URL.
//     Besides req/s and server CPU it reports store commands sent per request (Redis commands, PostgreSQL
//     statements, counted on the app's client: its round trips) and, for Redis, the commands Redis itself ran
//     (INFO commandstats, read before and after each window; it also counts those run inside Lua scripts).
//  3. Memory (bench/memory-store.js, skipped with --skip-memory): 1M new visitors through sessionkit's
//     middleware and 300k through express-session's, no HTTP, RSS/heapUsed sampled every 100k (each library in
//     its own process, the two side by side: only memory is compared there, not speed).
// Results: printed (ending with one table of every comparison), and written to bench/results/latest.json (every
// window), bench/results/latest-figures.json (the headline figures) and bench/results/latest.svg (their chart;
// `node bench/chart.js` redraws it from the figures).
import { mkdirSync, writeFileSync } from 'node:fs'
import { readConfig } from './lib/config.js'
import { pinLoadGenerator, pinning } from './lib/cpu-pinning.js'
import { environmentInfo } from './lib/env-info.js'
import { pickRule, pickRun } from './lib/pick.js'
import { runsTable, summarize, TARGETS, targetsTable, throughputTable } from './lib/report.js'
import { startServer } from './lib/server-handle.js'
import { benchVariant } from './lib/variant-bench.js'
import { hasSessions, VARIANTS } from './lib/variants.js'
import { runMemoryBench } from './memory-store.js'
import { benchRedis } from './lib/private-redis.js'
import { connectRedisStats, DATABASE_URL, redisCommandCount, STORE_PAIRS } from './lib/store-variants.js'
import { storeTable, summarizeStores } from './lib/store-report.js'
import { postgresServerVersion, redisServerVersion } from './lib/server-versions.js'
import { buildFigures } from './lib/figures.js'
import { COMBINED_TABLE_NOTES, combinedTable } from './lib/combined-table.js'
import { writeChart } from './lib/chart-files.js'
import { readmeMachineLine } from './lib/readme-line.js'

const log = (...args) => console.log(...args)

async function main() {
  const config = readConfig()
  pinLoadGenerator()
  const env = { ...environmentInfo(), pinning }
  const errors = []
  const measured = {}
  const checks = {}

  log(`sessionkit ${env.versions.sessionkit} vs express-session ${env.versions['express-session']} on express ${env.versions.express}`)
  log(`node ${env.node}, ${env.cpuModel}, ${env.cores} cores, ${env.date}`)
  log(
    `autocannon: ${config.connections} connections, pipelining ${config.pipelining}, warm-up ${config.warmup}s, ` +
      `${config.repeats} round(s) × ${config.duration}s measured (${pickRule(config.repeats)})${config.quick ? ' [--quick]' : ''}\n`,
  )

  for (let round = 1; round <= config.repeats; round++) {
    for (const variant of VARIANTS) await benchRound({ variant, round, config, measured, checks, errors })
  }
  pickKeptRuns(measured)

  const summary = summarize(measured)
  log(`\n== Throughput and server CPU (${pickRule(config.repeats)}; middleware = variant − bare; own work = sessionkit − bare-dictionary) ==`)
  log(throughputTable(summary))
  log(`\n== Targets ==`)
  log(targetsTable(summary))
  if (config.repeats > 1) {
    log(`\n== All measured windows ==`)
    log(runsTable(measured))
  }
  log(`\n== Session checks ==`)
  for (const variant of VARIANTS.filter((v) => hasSessions(v) && checks[v])) {
    for (const { round, login: l, write: w, new: n } of checks[variant]) {
      if (w) {
        log(
          `round ${round} ${variant}: write: views ${w.viewsBefore} → ${w.viewsAfter} over ${w.writeRequestsHandled} write requests ` +
            `on ${l.sessions} sessions (${w.lostUpdates} lost)`,
        )
      }
      if (n) {
        log(
          `round ${round} ${variant}: new: store ${n.storeSessionsBefore} → ${n.storeSessionsAfter} sessions (expected ${n.storeSessionsExpected}) ` +
            `after ${n.newRequestsHandled} new visitors; probe Set-Cookie ${n.probeSetCookie ? 'yes' : 'NO'}, ` +
            `session stored ${n.probeSessionStored ? 'yes' : 'NO'}; server RSS ${n.serverRssAfterMiB} MiB`,
        )
      }
    }
  }

  let stores = null
  let storeMeasured = {}
  if (!config.skipStores) {
    log(`\n== Stores: express-session + connect-redis / connect-pg-simple against sessionkit's own stores ==`)
    const result = await benchStores({ config, errors, checks })
    storeMeasured = result.measured
    env.servers = result.servers
    stores = summarizeStores(storeMeasured)
    log(storeTable(stores))
    log(
      'cmds sent/req: store commands the app sent per request (Redis commands, PostgreSQL statements): its round trips. ' +
        "Redis-run cmds/req: Redis's INFO commandstats, which also counts each command a Lua script runs.",
    )
  }

  let memory = null
  if (!config.skipMemory) {
    try {
      memory = await runMemoryBench({ ...config.memory, log })
    } catch (err) {
      errors.push(`memory: ${err?.stack ?? err}`)
    }
  }

  const output = {
    ...env,
    config: { ...config, pick: pickRule(config.repeats) },
    targets: TARGETS,
    summary,
    stores,
    runs: runsOf(measured),
    storeRuns: runsOf(storeMeasured),
    checks,
    memory,
    errors,
  }
  const dir = new URL('./results/', import.meta.url)
  mkdirSync(dir, { recursive: true })
  writeFileSync(new URL('latest.json', dir), JSON.stringify(output, null, 2) + '\n')

  const figures = buildFigures({ env, config, summary, stores, errors })
  log(`\n== All comparisons: req/s, sessionkit ÷ peer, store commands per request ==`)
  log(combinedTable(figures))
  for (const note of COMBINED_TABLE_NOTES) log(note)
  writeChart(figures)
  log(`\nresults written to bench/results/latest.json, the chart to bench/results/latest.svg (figures: bench/results/latest-figures.json)`)
  log(`README line for this chart:\n${readmeMachineLine(figures)}`)

  if (errors.length > 0) {
    console.error(`\n${errors.length} error(s):`)
    for (const error of errors) console.error(`  - ${error}`)
    process.exitCode = 1
  }
}

// One round of one variant on a freshly started server; its windows, checks and problems are recorded.
async function benchRound({ variant, round, config, measured, checks, errors, commandCounter }) {
  let server
  try {
    server = await startServer(variant)
    const result = await benchVariant({ server, variant, round, config, log, commandCounter })
    for (const [route, run] of Object.entries(result.runs)) {
      ;((measured[variant] ??= {})[route] ??= { runs: [] }).runs.push({ round, ...run })
    }
    ;(checks[variant] ??= []).push({ round, ...result.checks })
    for (const problem of result.problems) errors.push(`${variant} ${problem}`)
  } catch (err) {
    errors.push(`${variant} round ${round}: ${err?.stack ?? err}`)
  } finally {
    await server?.close()
  }
}

// Every measured window of every variant, by variant and route.
function runsOf(measured) {
  return Object.fromEntries(Object.entries(measured).map(([variant, routes]) => [variant, Object.fromEntries(Object.entries(routes).map(([route, m]) => [route, m.runs]))]))
}

function pickKeptRuns(measured) {
  for (const routes of Object.values(measured)) {
    for (const m of Object.values(routes)) m.best = pickRun(m.runs)
  }
}

// The same rounds, routes and checks as above, on each store pair: the peer, then sessionkit.
async function benchStores({ config, errors, checks }) {
  const measured = {}
  let redis
  let redisStats
  try {
    redis = await benchRedis()
    // The server children read REDIS_URL.
    process.env.REDIS_URL = redis.url
    log(`Redis: ${redis.private ? `a private redis-server at ${redis.url}` : redis.url} (commands counted by INFO commandstats${redis.private ? '' : ', which also counts other clients of that server'})`)
    redisStats = await connectRedisStats()
  } catch (err) {
    errors.push(`stores: Redis is not reachable (${err.message}); start it or pass --skip-stores`)
  }
  for (let round = 1; round <= config.repeats; round++) {
    for (const pair of STORE_PAIRS) {
      if (pair.store === 'redis' && !redisStats) continue
      const commandCounter = pair.store === 'redis' ? () => redisCommandCount(redisStats) : undefined
      for (const variant of [pair.peer, pair.ours].filter(Boolean)) await benchRound({ variant, round, config, measured, checks, errors, commandCounter })
    }
  }
  // Read before the servers go: the chart prints them beside the store figures.
  const servers = { Redis: redisStats ? await redisServerVersion(redisStats) : null, PostgreSQL: await postgresServerVersion(DATABASE_URL) }
  await redisStats?.quit()
  await redis?.stop()
  pickKeptRuns(measured)
  return { measured, servers }
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
