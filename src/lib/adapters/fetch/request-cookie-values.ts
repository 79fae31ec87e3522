import { decodeCookieValue } from '../../core/cookie-value.js'

/** How many same-named cookies a request may make us try: each can cost a store round trip. */
export const MAX_COOKIE_CANDIDATES = 3

/**
 * The values of every cookie called `name` in a Cookie header, in header order, distinct, at most
 * {@link MAX_COOKIE_CANDIDATES}. Percent-decoded like the `cookie` package does (a bad escape keeps the raw
 * value). Never throws: a malformed header just yields fewer (or no) values.
 */
export function requestCookieValues(header: string | null, name: string): string[] {
  const values: string[] = []
  if (!header) return values
  let start = 0
  while (start < header.length && values.length < MAX_COOKIE_CANDIDATES) {
    let end = header.indexOf(';', start)
    if (end === -1) end = header.length
    const equals = header.indexOf('=', start)
    if (equals !== -1 && equals < end && header.slice(start, equals).trim() === name) {
      let value = header.slice(equals + 1, end).trim()
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
      value = decodeCookieValue(value)
      if (value !== '' && !values.includes(value)) values.push(value)
    }
    start = end + 1
  }
  return values
}

