// Memory of the default session stores under a flood of new visitors, without HTTP.
//
//   node bench/memory-store.js [--quick]
//
// Each library runs in its own fresh child process started with --expose-gc (bench/lib/memory-phase.js), the
// two side by side (2 cores; only memory is compared here, and RSS is per process),
// which calls the session middleware directly with real http.IncomingMessage / http.ServerResponse
// instances (no socket), 1,000 visitors at a time, each setting req.session.visited = true so a session is
// saved. Every 100k visitors it runs gc() and samples rss and heapUsed (and the store's occupancy).
//   sessionkit:      1,000,000 visitors — its MemoryStore is bounded (50,000 sessions / 64 MiB, LRU),
//                    so RSS should stay flat once the store is full.
//   express-session:   300,000 visitors — its MemoryStore keeps every session until it expires (1 h here):
//                    it grows without bound, so the run stops early.
// Verdict: sessionkit's RSS growth once its store is full (the median of the later half of its samples from 200k
// on, minus the median of the earlier half: one sample the allocator catches low or high cannot make a flat line
// look like growth, as one low 200k sample once made it read +38 MiB) vs express-session's growth per 100k,
// measured from its 100k sample to its last one (the first 100k also grow the heap and allocator for both
// libraries alike, so that step is left out of the rate). heapUsed is printed too: RSS keeps memory the
// allocator has not returned, heapUsed is what is live after gc().
import { fork } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { fmtInt, fmtMiB, table } from './lib/format.js'

const PHASE = fileURLToPath(new URL('./lib/memory-phase.js', import.meta.url))

function runPhase(library, visitors, every) {
  return new Promise((resolve, reject) => {
    const child = fork(PHASE, [library, String(visitors), String(every)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    const samples = []
    let finished = false
    child.on('message', (msg) => {
      if (msg.type === 'sample') {
        samples.push(msg)
      } else if (msg.type === 'done') finished = true
    })
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (code === 0 && finished) resolve(samples)
      else reject(new Error(`memory phase for ${library} failed (code ${code}, signal ${signal})`))
    })
  })
}

function sampleRow(s) {
  return [
    s.library,
    fmtInt(s.visitors),
    fmtMiB(s.rss),
    fmtMiB(s.heapUsed),
    fmtInt(s.storeSessions),
    s.storeBytes === undefined ? '—' : fmtMiB(s.storeBytes),
    (s.elapsedMs / 1000).toFixed(1),
  ]
}
const HEADER = ['library', 'visitors', 'rss MiB', 'heapUsed MiB', 'store sessions', 'store MiB (cache.byteSize)', 'elapsed s']
const RIGHT = [1, 2, 3, 4, 5, 6]

const MiB = 1048576
const at = (samples, visitors) => samples.find((s) => s.visitors === visitors)

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Compares sessionkit's growth once its store is full with express-session's growth rate. */
export function memoryVerdict(sessionkit, expressSession, every) {
  const full = sessionkit.filter((s) => s.visitors >= 2 * every)
  const settled = full.length >= 2 ? full : sessionkit.slice(-2)
  const early = settled.slice(0, settled.length >> 1)
  const late = settled.slice(settled.length >> 1)
  const growth = (field) => median(late.map((s) => s[field])) - median(early.map((s) => s[field]))
  const skTo = sessionkit.at(-1)
  const esFrom = at(expressSession, every) ?? expressSession[0]
  const esTo = expressSession.at(-1)
  const esPer100k = ((esTo.rss - esFrom.rss) / (esTo.visitors - esFrom.visitors)) * 100_000
  const esHeapPer100k = ((esTo.heapUsed - esFrom.heapUsed) / (esTo.visitors - esFrom.visitors)) * 100_000
  return {
    sessionkit: {
      fromVisitors: early[0].visitors,
      earlyToVisitors: early.at(-1).visitors,
      lateFromVisitors: late[0].visitors,
      toVisitors: late.at(-1).visitors,
      rssGrowthMiB: growth('rss') / MiB,
      heapGrowthMiB: growth('heapUsed') / MiB,
      finalStoreSessions: skTo.storeSessions,
      finalStoreMiB: skTo.storeBytes / MiB,
    },
    expressSession: {
      fromVisitors: esFrom.visitors,
      toVisitors: esTo.visitors,
      rssGrowthPer100kMiB: esPer100k / MiB,
      heapGrowthPer100kMiB: esHeapPer100k / MiB,
      finalStoreSessions: esTo.storeSessions,
    },
  }
}

export async function runMemoryBench({ sessionkitVisitors = 1_000_000, expressSessionVisitors = 300_000, sampleEvery = 100_000, log = console.log } = {}) {
  log(`\n== Memory: new visitors pushed straight through the middleware into the default MemoryStore (gc() before each sample) ==`)
  log(`(sessionkit: ${fmtInt(sessionkitVisitors)} visitors, express-session: ${fmtInt(expressSessionVisitors)}, in parallel; this takes a while)`)
  const [sessionkit, expressSession] = await Promise.all([
    runPhase('sessionkit', sessionkitVisitors, sampleEvery),
    runPhase('express-session', expressSessionVisitors, sampleEvery),
  ])
  log(table(HEADER, [...sessionkit, ...expressSession].map(sampleRow), RIGHT))
  if (!sessionkit[0].gcExposed || !expressSession[0].gcExposed) log('warning: gc() was not exposed; samples include garbage')

  const verdict = memoryVerdict(sessionkit, expressSession, sampleEvery)
  const sk = verdict.sessionkit
  const es = verdict.expressSession
  log(
    `\nsessionkit:      RSS ${sk.rssGrowthMiB >= 0 ? '+' : ''}${sk.rssGrowthMiB.toFixed(1)} MiB (heap ${sk.heapGrowthMiB >= 0 ? '+' : ''}${sk.heapGrowthMiB.toFixed(1)} MiB) ` +
      `(median of the samples at ${fmtInt(sk.lateFromVisitors)}–${fmtInt(sk.toVisitors)} visitors against ${fmtInt(sk.fromVisitors)}–${fmtInt(sk.earlyToVisitors)}); store holds ${fmtInt(sk.finalStoreSessions)} sessions, ${sk.finalStoreMiB.toFixed(1)} MiB counted`,
  )
  log(
    `express-session: RSS +${es.rssGrowthPer100kMiB.toFixed(1)} MiB (heap +${es.heapGrowthPer100kMiB.toFixed(1)} MiB) per 100k visitors ` +
      `(from ${fmtInt(es.fromVisitors)} to ${fmtInt(es.toVisitors)}); store holds ${fmtInt(es.finalStoreSessions)} sessions and keeps growing`,
  )
  return { config: { sessionkitVisitors, expressSessionVisitors, sampleEvery }, samples: { sessionkit, expressSession }, verdict }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes('--quick')
  const options = quick ? { sessionkitVisitors: 200_000, expressSessionVisitors: 100_000, sampleEvery: 50_000 } : {}
  try {
    const result = await runMemoryBench(options)
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true })
    writeFileSync(new URL('./results/memory-latest.json', import.meta.url), JSON.stringify(result, null, 2) + '\n')
  } catch (err) {
    console.error(err)
    process.exitCode = 1
  }
}
