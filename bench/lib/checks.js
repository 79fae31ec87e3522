// Plain-fetch probes that the sessions really behave (outside the measured windows).

const COOKIE_NAME = 'connect.sid'

// Same shape and length as a real signed session cookie, for the `bare` variant.
export const FAKE_COOKIE = `${COOKIE_NAME}=s%3A${'x'.repeat(32)}.${'y'.repeat(43)}`

async function get(base, path, cookie) {
  const res = await fetch(base + path, { headers: cookie ? { cookie } : {} })
  const body = await res.text()
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${body.slice(0, 200)}`)
  return { res, body, setCookies: res.headers.getSetCookie() }
}

function sessionCookieOf(setCookies) {
  const header = setCookies.find((c) => c.startsWith(`${COOKIE_NAME}=`))
  return header ? header.split(';')[0] : undefined
}

/** Logs in and returns the `cookie` request header to send on every existing-session request. */
export async function login(server, hasSession) {
  const { setCookies } = await get(server.base, '/login')
  if (!hasSession) return FAKE_COOKIE
  const cookie = sessionCookieOf(setCookies)
  if (!cookie) throw new Error(`${server.variant}: /login sent no ${COOKIE_NAME} Set-Cookie (got ${JSON.stringify(setCookies)})`)
  return cookie
}

export async function readBody(server, cookie) {
  return (await get(server.base, '/read', cookie)).body
}

export async function sessionState(server, cookie) {
  return JSON.parse((await get(server.base, '/views', cookie)).body)
}

/** One new visitor: did it get a session cookie, and does that cookie bring back the stored session? */
export async function probeNewVisitor(server) {
  const { setCookies } = await get(server.base, '/new')
  const cookie = sessionCookieOf(setCookies)
  if (!cookie) return { setCookie: false, setCookieHeaders: setCookies, storedVisited: null }
  const state = await sessionState(server, cookie)
  return { setCookie: true, setCookieHeader: setCookies.find((c) => c.startsWith(`${COOKIE_NAME}=`)), storedVisited: state.visited }
}
