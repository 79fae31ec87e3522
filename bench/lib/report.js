// Turns measured routes into the derived numbers (middleware CPU, ratios, targets) and the printed table.
import { fmtFixed, fmtInt, fmtSigned, table } from './format.js'
import { hasSessions, ROUTES, VARIANTS } from './variants.js'

export const TARGETS = { minRatio: 1.5, maxMiddlewareMicros: 25 }

/** measured[variant][route] = { best, runs, problems } -> per-route summary. */
export function summarize(measured) {
  const summary = {}
  for (const route of ROUTES) {
    const bare = measured.bare?.[route]?.best
    const bareDictionary = measured['bare-dictionary']?.[route]?.best
    const variants = {}
    for (const variant of VARIANTS) {
      const best = measured[variant]?.[route]?.best
      if (!best) continue
      variants[variant] = {
        rps: best.rps,
        cpuPerRequest: best.cpuPerRequest,
        middlewarePerRequest: !hasSessions(variant) || !bare ? null : best.cpuPerRequest - bare.cpuPerRequest,
        // sessionkit's own work: against bare Express with the same dictionary switch its middleware makes first.
        ownPerRequest: variant !== 'sessionkit' || !bareDictionary ? null : best.cpuPerRequest - bareDictionary.cpuPerRequest,
        latencyAvgMs: best.latencyAvgMs,
        latencyP99Ms: best.latencyP99Ms,
        requests: best.requests,
      }
    }
    const sk = variants.sessionkit
    const es = variants['express-session']
    const ratio = sk && es ? sk.rps / es.rps : null
    summary[route] = {
      variants,
      ratio,
      // The machine's speed drifts between rounds; a ratio taken within each round cancels most of that.
      ratioWithinRounds: medianRatioWithinRounds(measured.sessionkit?.[route]?.runs, measured['express-session']?.[route]?.runs),
      ratioMet: ratio === null ? null : ratio >= TARGETS.minRatio,
      middlewareMet: sk?.middlewarePerRequest == null ? null : sk.middlewarePerRequest <= TARGETS.maxMiddlewareMicros,
      ownMet: sk?.ownPerRequest == null ? null : sk.ownPerRequest <= TARGETS.maxMiddlewareMicros,
    }
  }
  return summary
}

/** The median of sessionkit ÷ peer taken within each round (both ran minutes apart at most), or null. */
export function medianRatioWithinRounds(skRuns, esRuns) {
  if (!skRuns || !esRuns) return null
  const ratios = skRuns
    .map((sk) => {
      const es = esRuns.find((run) => run.round === sk.round)
      return es ? sk.rps / es.rps : null
    })
    .filter((ratio) => ratio !== null)
    .sort((a, b) => a - b)
  return ratios.length === 0 ? null : ratios[Math.floor(ratios.length / 2)]
}

const flag = (met) => (met === null ? 'n/a' : met ? 'OK' : 'MISS')

export function throughputTable(summary) {
  const rows = []
  for (const route of ROUTES) {
    let first = true
    for (const variant of VARIANTS) {
      const v = summary[route].variants[variant]
      if (!v) continue
      rows.push([
        first ? route : '',
        variant,
        fmtInt(v.rps),
        fmtFixed(v.cpuPerRequest),
        v.middlewarePerRequest === null ? '—' : fmtSigned(v.middlewarePerRequest),
        v.ownPerRequest === null ? '—' : fmtSigned(v.ownPerRequest),
        fmtFixed(v.latencyAvgMs, 2),
      ])
      first = false
    }
  }
  return table(['route', 'variant', 'req/s', 'CPU µs/req', 'middleware µs/req', 'own work µs/req', 'avg latency ms'], rows, [2, 3, 4, 5, 6])
}

export function targetsTable(summary) {
  const rows = ROUTES.map((route) => {
    const s = summary[route]
    const mw = s.variants.sessionkit?.middlewarePerRequest
    const own = s.variants.sessionkit?.ownPerRequest
    return [
      route,
      s.ratio === null ? '—' : `${s.ratio.toFixed(2)}×`,
      s.ratioWithinRounds === null ? '—' : `${s.ratioWithinRounds.toFixed(2)}×`,
      flag(s.ratioMet),
      mw == null ? '—' : fmtFixed(mw),
      flag(s.middlewareMet),
      own == null ? '—' : fmtFixed(own),
      flag(s.ownMet),
    ]
  })
  return table(
    [
      'route',
      'sessionkit ÷ express-session req/s',
      'median ratio within a round',
      `≥ ${TARGETS.minRatio}×`,
      'sessionkit middleware µs/req (− bare)',
      `≤ ${TARGETS.maxMiddlewareMicros} µs`,
      'own work µs/req (− bare-dictionary)',
      `≤ ${TARGETS.maxMiddlewareMicros} µs`,
    ],
    rows,
    [1, 2, 4, 6],
  )
}

/** Every measured window, for judging the noise. */
export function runsTable(measured) {
  const rows = []
  for (const variant of VARIANTS) {
    for (const route of ROUTES) {
      const m = measured[variant]?.[route]
      if (!m) continue
      m.runs.forEach((run) => {
        rows.push([
          variant,
          route,
          String(run.round),
          fmtInt(run.rps),
          fmtFixed(run.cpuPerRequest),
          fmtInt(run.requests),
          fmtInt(run.serverHandled),
          fmtFixed(run.seconds, 2),
          run === m.best ? '*' : '',
        ])
      })
    }
  }
  return table(['variant', 'route', 'round', 'req/s', 'CPU µs/req', 'responses', 'server handled', 'seconds', 'kept'], rows, [3, 4, 5, 6, 7])
}
