// One autocannon run, reduced to the numbers the benchmark uses.
import autocannon from 'autocannon'

/**
 * `cookies`: one `cookie` header per connection (connection i sends cookies[i % cookies.length]), so that
 * concurrent connections are different visitors, as they are in real traffic.
 */
export async function runLoad({ url, cookies, duration, connections, pipelining }) {
  let nextClient = 0
  const setupClient = (client) => {
    if (cookies.length > 0) client.setHeaders({ cookie: cookies[nextClient++ % cookies.length] })
  }
  const result = await autocannon({ url, duration, connections, pipelining, setupClient })
  const requests = result.requests.total
  return {
    requests,
    seconds: result.duration,
    rps: result.duration > 0 ? requests / result.duration : 0,
    latencyAvgMs: result.latency.average,
    latencyP99Ms: result.latency.p99,
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    resets: result.resets,
  }
}

/** A description of what went wrong in a run, or `undefined` when every response was a 2xx. */
export function loadProblem(load) {
  const problems = []
  if (load.requests === 0) problems.push('no responses')
  if (load.non2xx > 0) problems.push(`${load.non2xx} non-2xx`)
  if (load.errors > 0) problems.push(`${load.errors} errors`)
  if (load.timeouts > 0) problems.push(`${load.timeouts} timeouts`)
  if (load.ok2xx !== load.requests) problems.push(`${load.ok2xx} 2xx of ${load.requests}`)
  return problems.length > 0 ? problems.join(', ') : undefined
}
