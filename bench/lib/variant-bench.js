// One round on one variant's freshly started server: the three routes in order read -> write -> new
// (new last, so the sessions it piles into the store cannot slow the other two), with the session checks.
import { login, probeNewVisitor, readBody, sessionState } from './checks.js'
import { fmtFixed, fmtInt } from './format.js'
import { measureWindow } from './measure.js'
import { hasSessions } from './variants.js'

const SESSIONKIT_DEFAULT_MAX_SESSIONS = 50_000

export async function benchVariant({ server, variant, round, config, log, commandCounter }) {
  const hasSession = hasSessions(variant)
  const problems = []
  const checks = {}
  const runs = {}
  const measure = async (route, cookies) => {
    const { run, problems: found } = await measureWindow({ server, route, cookies, config, commandCounter })
    for (const problem of found) problems.push(`round ${round} ${route}: ${problem}`)
    runs[route] = run
    log(
      `  round ${round}/${config.repeats}  ${variant.padEnd(33)} ${route.padEnd(5)} ${fmtInt(run.rps).padStart(7)} req/s, ` +
        `${fmtFixed(run.cpuPerRequest).padStart(6)} µs CPU/req, ${fmtInt(run.requests)} responses in ${run.seconds}s` +
        (run.storeCommandsPerRequest == null ? '' : `, ${fmtFixed(run.storeCommandsPerRequest, 2)} store commands sent/req`) +
        (run.serverCommandsPerRequest == null ? '' : ` (${fmtFixed(run.serverCommandsPerRequest, 2)} run by Redis)`),
    )
  }

  // Existing sessions: one login per connection, each connection then sends its own session's cookie on every
  // request. Concurrent requests come from different visitors, as in real traffic: ten connections on one
  // session would measure the wait for that session's row lock in PostgreSQL (see bench/README.md).
  const cookies = []
  for (let i = 0; i < config.connections; i++) cookies.push(await login(server, hasSession))
  const bodies = await Promise.all(cookies.map((cookie) => readBody(server, cookie)))
  checks.login = { sessions: hasSession ? cookies.length : 0, cookie: hasSession ? cookies[0].slice(0, 24) + '…' : '(fake cookie, same length)', readBody: bodies[0] }
  const wrongBody = bodies.find((body) => body !== 'hello alice')
  if (wrongBody !== undefined) problems.push(`round ${round} read: /read with a login cookie answered ${JSON.stringify(wrongBody)}, expected "hello alice"`)

  await measure('read', cookies)

  const viewsOf = async () => (await Promise.all(cookies.map((cookie) => sessionState(server, cookie)))).map((state) => state.views)
  const writesOf = async () => (await server.request('stats')).total.write
  const writesBefore = await writesOf()
  const before = await viewsOf()
  // measureWindow returns once every request it sent has ended on the server, its session saved.
  await measure('write', cookies)
  const writesHandled = (await writesOf()) - writesBefore
  const after = await viewsOf()
  if (hasSession) {
    const sum = (views) => views.reduce((total, n) => total + n, 0)
    checks.write = {
      viewsBefore: sum(before),
      viewsAfter: sum(after),
      increments: sum(after) - sum(before),
      writeRequestsHandled: writesHandled,
      // Each session is one connection's, whose requests run one after another: every increment must land.
      lostUpdates: writesHandled - (sum(after) - sum(before)),
    }
    const stuck = after.findIndex((views, i) => !(typeof views === 'number' && views > before[i]))
    if (stuck !== -1) {
      problems.push(`round ${round} write: session ${stuck}'s views counter did not go up (before ${before[stuck]}, after ${after[stuck]})`)
    }
    if (checks.write.lostUpdates !== 0) {
      problems.push(`round ${round} write: ${writesHandled} write requests handled but the views counters went up by ${checks.write.increments}`)
    }
  }

  await measure('flash', cookies)

  const storeBefore = await server.request('stats')
  await measure('new')
  const storeAfter = await server.request('stats')
  if (hasSession) {
    const handled = storeAfter.total.new - storeBefore.total.new
    const expected = storeBefore.storeSize + handled
    // sessionkit's store is bounded: once full it evicts the oldest down to 1/256 below its limit.
    const atCap = variant === 'sessionkit' && expected > SESSIONKIT_DEFAULT_MAX_SESSIONS
    const expectedRange = atCap ? [SESSIONKIT_DEFAULT_MAX_SESSIONS - (SESSIONKIT_DEFAULT_MAX_SESSIONS >>> 8), SESSIONKIT_DEFAULT_MAX_SESSIONS] : [expected, expected]
    const probe = await probeNewVisitor(server)
    checks.new = {
      newRequestsHandled: handled,
      storeSessionsBefore: storeBefore.storeSize,
      storeSessionsAfter: storeAfter.storeSize,
      storeSessionsExpected: atCap ? `${expectedRange[0]}–${expectedRange[1]}` : expected,
      storeBytesAfter: storeAfter.storeBytes ?? null,
      serverRssAfterMiB: Math.round(storeAfter.rss / 1048576),
      probeSetCookie: probe.setCookie,
      probeSetCookieHeader: probe.setCookieHeader ?? probe.setCookieHeaders,
      probeSessionStored: probe.storedVisited === true,
    }
    if (!probe.setCookie) problems.push(`round ${round} new: a new visitor got no session Set-Cookie (${JSON.stringify(probe.setCookieHeaders)})`)
    else if (probe.storedVisited !== true) problems.push(`round ${round} new: the new visitor's cookie did not bring back its stored session`)
    // Stores in Redis or PostgreSQL are not counted here: the probe above proves new sessions are stored.
    if (typeof storeAfter.storeSize === 'number' && (storeAfter.storeSize < expectedRange[0] || storeAfter.storeSize > expectedRange[1])) {
      problems.push(`round ${round} new: store holds ${storeAfter.storeSize} sessions after ${handled} new visitors, expected ${expected}`)
    }
  }
  return { runs, checks, problems }
}
