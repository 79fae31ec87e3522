// The run's headline figures (bench/lib/figures.js) from the summaries the benchmark prints, and the combined
// table drawn from them: which comparisons and rows there are, the ratios, the rounding, the versions.
import { describe, expect, it } from 'vitest'
import { combinedTable } from '../../bench/lib/combined-table.js'
import { buildFigures } from '../../bench/lib/figures.js'
import { readmeMachineLine } from '../../bench/lib/readme-line.js'
import { summarize, type Measured, type MeasuredRun } from '../../bench/lib/report.js'
import { summarizeStores } from '../../bench/lib/store-report.js'

const ENV = {
  date: '2026-12-02T15:48:13.868Z',
  node: 'v20.20.2',
  platform: 'linux x64',
  cpuModel: 'Intel(R) Xeon(R) Processor',
  cores: 2,
  totalMemoryMiB: 24105,
  versions: { sessionkit: '0.1.0', express: '5.3.0', 'express-session': '1.19.0' },
  pinning: { server: 0, load: 1 },
  servers: { Redis: '7.0.15', PostgreSQL: null },
}
const CONFIG = { repeats: 1, duration: 1, warmup: 0.5, connections: 10, quick: true }

const run = (rps: number, extra: Partial<MeasuredRun> = {}): MeasuredRun => ({ round: 1, rps, cpuPerRequest: 1e6 / rps, ...extra })
/** One kept window per variant and route. */
function measured(byVariant: Record<string, Record<string, MeasuredRun>>): Measured {
  return Object.fromEntries(
    Object.entries(byVariant).map(([variant, routes]) => [variant, Object.fromEntries(Object.entries(routes).map(([route, r]) => [route, { runs: [r], best: r }]))]),
  )
}

const memory = measured({
  bare: { read: run(2528.4), write: run(3179) },
  'express-session': { read: run(1053.2), write: run(1285) },
  sessionkit: { read: run(1528.7), write: run(1650) },
})
const stores = measured({
  'express-session+connect-redis': { read: run(1110, { storeCommandsPerRequest: 2.0131, serverCommandsPerRequest: 2.0131 }) },
  'sessionkit+redis': { read: run(1437, { storeCommandsPerRequest: 1.0004, serverCommandsPerRequest: 7.0199 }) },
  'sessionkit+sqlite': { read: run(1864.5, { storeCommandsPerRequest: null, serverCommandsPerRequest: null }) },
})

describe('buildFigures', () => {
  it('rounds req/s to whole requests and ratios and command counts to two decimals', () => {
    const figures = buildFigures({ env: ENV, config: CONFIG, summary: summarize(memory), stores: summarizeStores(stores) })
    const [read] = figures.comparisons[0]?.rows ?? []
    expect(read).toEqual({
      route: 'read',
      baseline: { rps: 2528, commandsSent: null, commandsRun: null },
      peer: { rps: 1053, commandsSent: null, commandsRun: null },
      sessionkit: { rps: 1529, commandsSent: null, commandsRun: null },
      ratio: 1.45,
      ratioWithinRounds: 1.45,
    })
    const redis = figures.comparisons.find((c) => c.id === 'redis')?.rows[0]
    expect(redis?.peer).toEqual({ rps: 1110, commandsSent: 2.01, commandsRun: 2.01 })
    expect(redis?.sessionkit).toEqual({ rps: 1437, commandsSent: 1, commandsRun: 7.02 })
    expect(redis?.ratio).toBe(1.29)
    expect(redis?.ratioWithinRounds).toBe(1.29)
  })

  it('keeps the comparisons that ran, in a fixed order, and only the routes measured', () => {
    const figures = buildFigures({ env: ENV, config: CONFIG, summary: summarize(memory), stores: summarizeStores(stores) })
    expect(figures.comparisons.map((c) => c.id)).toEqual(['memory', 'redis', 'sqlite'])
    expect(figures.comparisons.map((c) => c.rows.map((row) => row.route))).toEqual([['read', 'write'], ['read'], ['read']])
    const sqlite = figures.comparisons[2]
    expect(sqlite).toMatchObject({ inProcess: true, rows: [{ peer: null, ratio: null, sessionkit: { rps: 1865 } }] })
  })

  it('records the date, machine, versions, known server versions, method and error count', () => {
    const figures = buildFigures({ env: ENV, config: CONFIG, summary: summarize(memory), stores: null, errors: ['x'] })
    expect(figures).toMatchObject({
      date: '2026-12-02',
      machine: { cpuModel: 'Intel(R) Xeon(R) Processor', cores: 2, memoryGiB: 23.5, node: 'v20.20.2', platform: 'linux x64' },
      versions: ENV.versions,
      servers: { Redis: '7.0.15' },
      method: { rounds: 1, seconds: 1, warmupSeconds: 0.5, connections: 10, pinned: true, quick: true },
      errors: 1,
    })
    expect(figures.servers).not.toHaveProperty('PostgreSQL')
    expect(figures.comparisons.map((c) => c.id)).toEqual(['memory'])
  })
})

describe('combinedTable', () => {
  it('prints a row per comparison and route with req/s, the ratio and store commands, peer → sessionkit', () => {
    const table = combinedTable(buildFigures({ env: ENV, config: CONFIG, summary: summarize(memory), stores: summarizeStores(stores) }))
    const rows = table.split('\n').map((line) => line.split(/\s{2,}/))
    expect(rows[0]).toEqual(['store', 'route', 'bare req/s', 'peer req/s', 'sessionkit req/s', 'sessionkit ÷ peer', 'within rounds', 'store cmds sent/req, peer → sessionkit', 'cmds Redis ran/req'])
    expect(rows.slice(2)).toEqual([
      ['memory', 'read', '2,528', '1,053', '1,529', '1.45×', '1.45×', '—', '—'],
      ['', 'write', '3,179', '1,285', '1,650', '1.28×', '1.28×', '—', '—'],
      ['redis', 'read', '—', '1,110', '1,437', '1.29×', '1.29×', '2.01 → 1.00', '2.01 → 7.02'],
      ['sqlite', 'read', '—', '—', '1,865', '—', '—', 'in process', '—'],
    ])
  })
})

describe('readmeMachineLine', () => {
  it('says when, on what and against which versions, and links the method', () => {
    const versions = { ...ENV.versions, 'connect-flash': '0.1.1', 'connect-redis': '10.0.0', 'connect-pg-simple': '10.0.0' }
    const figures = buildFigures({ env: { ...ENV, versions }, config: CONFIG, summary: summarize(memory), stores: summarizeStores(stores) })
    expect(readmeMachineLine(figures)).toBe(
      'Measured 2026-12-02 with `npm run bench` on Intel(R) Xeon(R) Processor (2 cores), Node v20.20.2: sessionkit 0.1.0 against ' +
        'express-session 1.19.0 (with connect-flash 0.1.1, connect-redis 10.0.0) on Express 5.3.0, Redis 7.0.15. ' +
        'How it is measured and what the numbers mean: [bench/README.md](bench/README.md).',
    )
  })
})
