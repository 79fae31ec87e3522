/**
 * A session record kept as two JSON strings, its data and its cookie, so refreshing a session's expiry
 * rewrites only the small cookie part instead of parsing and re-serializing all of its data.
 */
export interface SerializedSession {
  readonly data: string
  readonly cookie: string | undefined
}

/** Serializes a record (a plain object or a session with a `cookie`), as JSON.stringify would. */
export function serializeSession(record: object): SerializedSession {
  const { cookie, ...data } = record as Record<string, unknown>
  return { data: JSON.stringify(data), cookie: serializeCookie(cookie) }
}

/** The JSON of a record's cookie, or `undefined` when it has none. */
export function serializeCookie(cookie: unknown): string | undefined {
  return cookie === undefined ? undefined : (JSON.stringify(cookie) as string | undefined)
}

/** The whole record as one JSON object, `cookie` first. */
export function sessionJson(session: SerializedSession): string {
  if (session.cookie === undefined) return session.data
  return session.data === '{}' ? `{"cookie":${session.cookie}}` : `{"cookie":${session.cookie},${session.data.slice(1)}`
}

/** The whole record, parsed afresh (callers can change it freely). */
export function parseSession(session: SerializedSession): Record<string, unknown> {
  return JSON.parse(sessionJson(session)) as Record<string, unknown>
}

/**
 * The session with connect-flash messages merged into its data as a last key `flash`: exactly what
 * JSON.stringify gives for the record with them (integer-like keys already lead the data JSON).
 */
export function withFlashMessages(session: SerializedSession, messages: Record<string, unknown[]>): SerializedSession {
  const flash = JSON.stringify(messages)
  const data = session.data === '{}' ? `{"flash":${flash}}` : `${session.data.slice(0, -1)},"flash":${flash}}`
  return { data, cookie: session.cookie }
}

/** Roughly what the strings occupy (UTF-16). */
export function serializedSize(session: SerializedSession): number {
  return (session.data.length + (session.cookie?.length ?? 0)) * 2
}
