// Which of several measured windows (one per round) of the same route and variant is reported.
// 1 run: that run. 2 runs: the one with the higher req/s. 3 or more: the one with the median req/s.
// The whole run is kept (req/s and CPU/request come from the same window), never a mix.
export function pickRun(runs) {
  if (runs.length === 0) throw new Error('no runs to pick from')
  const sorted = [...runs].sort((a, b) => b.rps - a.rps)
  if (sorted.length <= 2) return sorted[0]
  return sorted[Math.floor(sorted.length / 2)]
}

export function pickRule(repeats) {
  if (repeats === 1) return 'single run'
  if (repeats === 2) return 'best of 2 rounds by req/s'
  return `median of ${repeats} rounds by req/s`
}
