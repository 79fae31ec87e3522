// Warm-up plus measured windows of one route on one running server, with the server's CPU per window.
import { loadProblem, runLoad } from './load.js'
import { pickRun } from './pick.js'

export async function measureRoute({ server, route, cookie, config, onProgress }) {
  const url = `${server.base}/${route}`
  const headers = cookie ? { cookie } : {}
  const load = (duration) => runLoad({ url, headers, duration, connections: config.connections, pipelining: config.pipelining })
  const problems = []

  if (config.warmup > 0) {
    const warm = await load(config.warmup)
    const problem = loadProblem(warm)
    if (problem) problems.push(`warm-up: ${problem}`)
  }

  const runs = []
  for (let i = 0; i < config.repeats; i++) {
    await server.request('start')
    const result = await load(config.duration)
    const stop = await server.request('stop')
    const run = {
      ...result,
      cpuMicros: stop.cpuMicros,
      cpuUserMicros: stop.user,
      cpuSystemMicros: stop.system,
      cpuPerRequest: result.requests > 0 ? stop.cpuMicros / result.requests : NaN,
      serverHandled: stop.window[route],
      sessionMisses: stop.misses[route],
    }
    runs.push(run)
    const problem = loadProblem(result)
    if (problem) problems.push(`run ${i + 1}: ${problem}`)
    if (run.sessionMisses > 0) problems.push(`run ${i + 1}: ${run.sessionMisses} requests did not find the expected session`)
    onProgress?.(run, i)
  }
  return { best: pickRun(runs), runs, problems }
}
