// The store comparison table: per store and route, the peer (express-session + its usual store) against
// sessionkit with its own store — req/s, server CPU per request, store round trips per request, and the ratio.
import { fmtFixed, fmtInt, table } from './format.js'
import { medianRatioWithinRounds } from './report.js'
import { ROUTES } from './variants.js'
import { STORE_PAIRS } from './store-variants.js'

/** storeMeasured[variant][route] ({ runs, best }) -> rows per store pair and route. */
export function summarizeStores(storeMeasured) {
  const summary = {}
  for (const pair of STORE_PAIRS) {
    for (const route of ROUTES) {
      const peer = pair.peer ? storeMeasured[pair.peer]?.[route]?.best : undefined
      const ours = storeMeasured[pair.ours]?.[route]?.best
      if (!ours || (pair.peer && !peer)) continue
      ;(summary[pair.store] ??= {})[route] = {
        peer: peer ? { variant: pair.peer, rps: peer.rps, cpuPerRequest: peer.cpuPerRequest, commandsPerRequest: peer.storeCommandsPerRequest, serverCommandsPerRequest: peer.serverCommandsPerRequest } : null,
        sessionkit: { variant: pair.ours, rps: ours.rps, cpuPerRequest: ours.cpuPerRequest, commandsPerRequest: ours.storeCommandsPerRequest, serverCommandsPerRequest: ours.serverCommandsPerRequest },
        ratio: peer ? ours.rps / peer.rps : null,
        ratioWithinRounds: peer ? medianRatioWithinRounds(storeMeasured[pair.ours][route].runs, storeMeasured[pair.peer][route].runs) : null,
        commandsCountedBy: pair.commands ?? null,
      }
    }
  }
  return summary
}

export function storeTable(summary) {
  const rows = []
  for (const [store, routes] of Object.entries(summary)) {
    for (const [route, s] of Object.entries(routes)) {
      rows.push([
        store,
        route,
        fmtInt(s.peer?.rps),
        fmtInt(s.sessionkit.rps),
        s.ratio === null ? '—' : `${s.ratio.toFixed(2)}×`,
        s.ratioWithinRounds == null ? '—' : `${s.ratioWithinRounds.toFixed(2)}×`,
        fmtFixed(s.peer?.cpuPerRequest),
        fmtFixed(s.sessionkit.cpuPerRequest),
        fmtFixed(s.peer?.commandsPerRequest, 2),
        fmtFixed(s.sessionkit.commandsPerRequest, 2),
        fmtFixed(s.peer?.serverCommandsPerRequest, 2),
        fmtFixed(s.sessionkit.serverCommandsPerRequest, 2),
      ])
    }
  }
  return table(
    ['store', 'route', 'peer req/s', 'sessionkit req/s', 'ratio', 'within rounds', 'peer CPU µs/req', 'sessionkit CPU µs/req', 'peer cmds sent/req', 'sessionkit cmds sent/req', 'peer Redis-run cmds/req', 'sessionkit Redis-run cmds/req'],
    rows,
    [2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  )
}
