// One route on one running server: a discarded warm-up, then one measured window with the server's CPU.
import { loadProblem, runLoad } from './load.js'

/**
 * `commandCounter`, when given, reads a store server's own count of the commands it ran (Redis's INFO
 * commandstats, which also counts the commands a Lua script runs): read around the measured window, the
 * difference per response is reported as serverCommandsPerRequest. storeCommandsPerRequest is what the app sent.
 */
export async function measureWindow({ server, route, cookies = [], config, commandCounter }) {
  const url = `${server.base}/${route}`
  const load = (duration) => runLoad({ url, cookies, duration, connections: config.connections, pipelining: config.pipelining })
  const problems = []

  // Requests autocannon stopped waiting for are still running on the server: wait for them, so that no request of
  // the next load overlaps one of the same session (which would lose a write, in any store).
  const settle = async (after) => {
    const { inFlight } = await server.request('idle')
    if (inFlight > 0) problems.push(`${inFlight} requests still running 10 s after the ${after}`)
  }
  if (config.warmup > 0) {
    const problem = loadProblem(await load(config.warmup))
    if (problem) problems.push(`warm-up: ${problem}`)
    await settle('warm-up')
  }

  const commandsBefore = await commandCounter?.()
  await server.request('start')
  const result = await load(config.duration)
  const stop = await server.request('stop')
  const serverCommands = commandCounter ? (await commandCounter()) - commandsBefore : 0
  const run = {
    ...result,
    cpuMicros: stop.cpuMicros,
    cpuUserMicros: stop.user,
    cpuSystemMicros: stop.system,
    cpuPerRequest: result.requests > 0 ? stop.cpuMicros / result.requests : NaN,
    serverHandled: stop.window[route],
    sessionMisses: stop.misses[route],
    // Store commands the app sent per response (its round trips), and what the store server ran for them.
    storeCommandsPerRequest: stop.storeCommands > 0 && result.requests > 0 ? stop.storeCommands / result.requests : null,
    serverCommandsPerRequest: serverCommands > 0 && result.requests > 0 ? serverCommands / result.requests : null,
  }
  await settle('window')
  const problem = loadProblem(result)
  if (problem) problems.push(problem)
  if (run.sessionMisses > 0) problems.push(`${run.sessionMisses} requests did not find the expected session`)
  return { run, problems }
}
