// One route on one running server: a discarded warm-up, then one measured window with the server's CPU.
import { loadProblem, runLoad } from './load.js'

export async function measureWindow({ server, route, cookie, config }) {
  const url = `${server.base}/${route}`
  const headers = cookie ? { cookie } : {}
  const load = (duration) => runLoad({ url, headers, duration, connections: config.connections, pipelining: config.pipelining })
  const problems = []

  if (config.warmup > 0) {
    const problem = loadProblem(await load(config.warmup))
    if (problem) problems.push(`warm-up: ${problem}`)
  }

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
  const problem = loadProblem(result)
  if (problem) problems.push(problem)
  if (run.sessionMisses > 0) problems.push(`${run.sessionMisses} requests did not find the expected session`)
  return { run, problems }
}
