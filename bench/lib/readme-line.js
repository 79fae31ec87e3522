// The README's line under the chart: when, on what and against which versions the figures were measured,
// printed by `npm run bench` and `node bench/chart.js` so it can be pasted with the chart it belongs to.

const PEER_OF = { memory: 'connect-flash', redis: 'connect-redis', postgres: 'connect-pg-simple' }
const versionOf = (figures, name) => (figures.versions[name] ? `${name} ${figures.versions[name]}` : null)
const list = (items) => items.filter(Boolean).join(', ')

/** One Markdown paragraph: the date, machine, Node, the peers' and servers' versions, and where the method is. */
export function readmeMachineLine(figures) {
  const { machine, servers = {} } = figures
  // Only the peers this run measured (--skip-stores leaves connect-redis and connect-pg-simple out).
  const measured = new Set(figures.comparisons.map((c) => c.id))
  const peers = list(Object.entries(PEER_OF).filter(([id]) => measured.has(id)).map(([, name]) => versionOf(figures, name)))
  const serverList = list(Object.entries(servers).map(([name, version]) => `${name} ${version}`))
  return (
    `Measured ${figures.date} with \`npm run bench\` on ${machine.cpuModel} (${machine.cores} cores), Node ${machine.node}: ` +
    `sessionkit ${figures.versions.sessionkit} against express-session ${figures.versions['express-session']}` +
    (peers ? ` (with ${peers})` : '') +
    ` on Express ${figures.versions.express}` +
    (serverList ? `, ${serverList}` : '') +
    `. How it is measured and what the numbers mean: [bench/README.md](bench/README.md).`
  )
}
