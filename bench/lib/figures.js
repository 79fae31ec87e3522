// The headline figures of one run, in one shape for the combined table, the chart and bench/results/figures.json:
// per comparison (the default memory stores, then each store) and route, req/s of each side, the ratio and the
// store commands per request. Numbers are rounded here, once, so the table, the chart and the JSON agree and the
// files only change when a figure does.
import { ROUTES } from './variants.js'
import { STORE_PAIRS } from './store-variants.js'

/** What each comparison sets against what; the legend colours are bare / peer / sessionkit throughout. */
const COMPARISONS = {
  memory: { title: 'Default memory stores', peer: 'express-session + connect-flash, MemoryStore', sessionkit: 'sessionkit + sessionkit/flash, default store', baseline: 'bare Express, no sessions' },
  redis: { title: 'Redis', peer: 'express-session + connect-redis', sessionkit: 'sessionkit + RedisStore', commandsRunBy: 'Redis' },
  postgres: { title: 'PostgreSQL', peer: 'express-session + connect-pg-simple', sessionkit: 'sessionkit + PostgresStore' },
  sqlite: { title: 'SQLite (no common express-session peer)', sessionkit: 'sessionkit + SqliteStore', inProcess: true },
  fs: { title: 'Files (no common express-session peer)', sessionkit: 'sessionkit + FsStore', inProcess: true },
}

const round = (n, digits) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null)
const side = (rps, commandsSent = null, commandsRun = null) =>
  Number.isFinite(rps) ? { rps: Math.round(rps), commandsSent: round(commandsSent, 2), commandsRun: round(commandsRun, 2) } : null
const ratioOf = (ours, peer) => (ours && peer ? round(ours.rps / peer.rps, 2) : null)

/** The memory comparison from summarize()'s output (bench/lib/report.js). */
function memoryComparison(summary) {
  const rows = []
  for (const route of ROUTES) {
    const s = summary?.[route]
    if (!s) continue
    const baseline = side(s.variants.bare?.rps)
    const peer = side(s.variants['express-session']?.rps)
    const sessionkit = side(s.variants.sessionkit?.rps)
    if (!baseline && !peer && !sessionkit) continue
    // The ratio of the kept windows, as the store rows; the within-rounds median is kept beside it.
    rows.push({ route, baseline, peer, sessionkit, ratio: ratioOf(sessionkit, peer), ratioWithinRounds: round(s.ratioWithinRounds, 2) })
  }
  return rows
}

/** One store comparison from summarizeStores()'s output (bench/lib/store-report.js). */
function storeComparison(routes) {
  return ROUTES.filter((route) => routes?.[route]).map((route) => {
    const s = routes[route]
    const peer = s.peer ? side(s.peer.rps, s.peer.commandsPerRequest, s.peer.serverCommandsPerRequest) : null
    const sessionkit = side(s.sessionkit.rps, s.sessionkit.commandsPerRequest, s.sessionkit.serverCommandsPerRequest)
    return { route, baseline: null, peer, sessionkit, ratio: ratioOf(sessionkit, peer), ratioWithinRounds: round(s.ratioWithinRounds ?? null, 2) }
  })
}

/**
 * env: environmentInfo() plus `pinning` and `servers` ({ Redis, PostgreSQL }: server versions, null when unknown); config: readConfig(); summary: summarize();
 * stores: summarizeStores() or null; errors: the run's error list (a chart of a failed run says so).
 */
export function buildFigures({ env, config, summary, stores, errors = [] }) {
  const comparisons = [{ id: 'memory', ...COMPARISONS.memory, rows: memoryComparison(summary) }]
  for (const { store } of STORE_PAIRS) {
    const rows = storeComparison(stores?.[store])
    if (rows.length > 0) comparisons.push({ id: store, ...COMPARISONS[store], rows })
  }
  return {
    date: env.date.slice(0, 10),
    machine: { cpuModel: env.cpuModel, cores: env.cores, memoryGiB: round(env.totalMemoryMiB / 1024, 1), node: env.node, platform: env.platform },
    // Packages by npm name; database servers apart (`redis` is node-redis, the server is servers.Redis).
    versions: env.versions,
    servers: Object.fromEntries(Object.entries(env.servers ?? {}).filter(([, version]) => version)),
    method: {
      rounds: config.repeats,
      seconds: config.duration,
      warmupSeconds: config.warmup,
      connections: config.connections,
      // Server and load generator on separate cores (Linux taskset); false where that was not available.
      pinned: Boolean(env.pinning),
      quick: config.quick,
    },
    comparisons: comparisons.filter((c) => c.rows.length > 0),
    errors: errors.length,
  }
}
