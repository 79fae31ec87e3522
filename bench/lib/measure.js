// One route on one running server: a discarded warm-up, then one measured window with the server's CPU.
import { loadProblem, runLoad } from './load.js'

/**
 * `commandCounter`, when given, reads a store's own count of the commands it ran (Redis's INFO commandstats):
 * it is read around the measured window, and the difference per response is reported as store commands/request.
 */
export async function measureWindow({ server, route, cookie, config, commandCounter }) {
  const url = `${server.base}/${route}`
  const headers = cookie ? { cookie } : {}
  const load = (duration) => runLoad({ url, headers, duration, connections: config.connections, pipelining: config.pipelining })
  const problems = []

  if (config.warmup > 0) {
    const problem = loadProblem(await load(config.warmup))
    if (problem) problems.push(`warm-up: ${problem}`)
  }

  const commandsBefore = await commandCounter?.()
  await server.request('start')
  const result = await load(config.duration)
  const stop = await server.request('stop')
  const commands = commandCounter ? (await commandCounter()) - commandsBefore : stop.storeQueries
  const run = {
    ...result,
    cpuMicros: stop.cpuMicros,
    cpuUserMicros: stop.user,
    cpuSystemMicros: stop.system,
    cpuPerRequest: result.requests > 0 ? stop.cpuMicros / result.requests : NaN,
    serverHandled: stop.window[route],
    sessionMisses: stop.misses[route],
    // Store round trips per response: Redis's own count, or the statements a PostgreSQL pool sent.
    storeCommandsPerRequest: commands > 0 && result.requests > 0 ? commands / result.requests : null,
  }
  const problem = loadProblem(result)
  if (problem) problems.push(problem)
  if (run.sessionMisses > 0) problems.push(`${run.sessionMisses} requests did not find the expected session`)
  return { run, problems }
}
