// The one table of a run's headline figures (printed at the end of `npm run bench`): every comparison and route
// with req/s, sessionkit ÷ peer, and the store commands per request — the same figures the chart draws.
import { fmtFixed, fmtInt, table } from './format.js'

const ratioText = (ratio) => (ratio === null ? '—' : `${ratio.toFixed(2)}×`)

/** `2.01 → 1.00`, `→ 1.00` without a peer, `—` when neither side counted any. */
function commandsText(peer, sessionkit, key) {
  const ours = sessionkit?.[key]
  const theirs = peer?.[key]
  if (ours == null && theirs == null) return '—'
  return peer ? `${fmtFixed(theirs, 2)} → ${fmtFixed(ours, 2)}` : fmtFixed(ours, 2)
}

export function combinedTable(figures) {
  const rows = []
  for (const comparison of figures.comparisons) {
    comparison.rows.forEach((row, i) => {
      rows.push([
        i === 0 ? comparison.id : '',
        row.route,
        fmtInt(row.baseline?.rps),
        fmtInt(row.peer?.rps),
        fmtInt(row.sessionkit?.rps),
        ratioText(row.ratio),
        ratioText(row.ratioWithinRounds),
        comparison.inProcess ? 'in process' : commandsText(row.peer, row.sessionkit, 'commandsSent'),
        commandsText(row.peer, row.sessionkit, 'commandsRun'),
      ])
    })
  }
  return table(
    ['store', 'route', 'bare req/s', 'peer req/s', 'sessionkit req/s', 'sessionkit ÷ peer', 'within rounds', 'store cmds sent/req, peer → sessionkit', 'cmds Redis ran/req'],
    rows,
    [2, 3, 4, 5, 6, 7, 8],
  )
}

/** What the columns mean, printed under the table. */
export const COMBINED_TABLE_NOTES = [
  'peer: express-session with connect-flash and its MemoryStore (memory), connect-redis (redis), connect-pg-simple (postgres); sqlite and fs have none.',
  'sessionkit ÷ peer: req/s of the kept windows; within rounds: the median of the ratios taken within each round, in which the two ran minutes apart at most.',
  "store cmds sent/req: Redis commands or PostgreSQL statements the app sent per request (its round trips); cmds Redis ran/req: Redis's INFO commandstats, which also counts each command a Lua script runs.",
]
