// Reads the command line and BENCH_* environment variables into one settings object.

function numberFromEnv(name, fallback) {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number of seconds/count, got ${JSON.stringify(raw)}`)
  return value
}

export function readConfig(argv = process.argv.slice(2)) {
  const quick = argv.includes('--quick')
  const skipMemory = argv.includes('--skip-memory')
  const skipStores = argv.includes('--skip-stores')
  const known = ['--quick', '--skip-memory', '--skip-stores']
  const unknown = argv.filter((arg) => !known.includes(arg))
  if (unknown.length > 0) throw new Error(`unknown argument(s): ${unknown.join(' ')} (known: ${known.join(', ')})`)
  return {
    quick,
    skipMemory,
    skipStores,
    // Seconds of the measured window and of the discarded warm-up, per route and variant.
    duration: numberFromEnv('BENCH_DURATION', quick ? 1 : 3),
    warmup: numberFromEnv('BENCH_WARMUP', quick ? 0.5 : 1),
    // Rounds (one measured window per route and variant each): 2 keeps the faster window, 3 or more the median.
    repeats: Math.max(1, Math.round(numberFromEnv('BENCH_REPEATS', quick ? 1 : 5))),
    connections: 10,
    pipelining: 1,
    memory: quick
      ? { sessionkitVisitors: 200_000, expressSessionVisitors: 100_000, sampleEvery: 50_000 }
      : { sessionkitVisitors: 1_000_000, expressSessionVisitors: 300_000, sampleEvery: 100_000 },
  }
}
