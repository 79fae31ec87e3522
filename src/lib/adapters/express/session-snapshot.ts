/**
 * The session's data as JSON, without `cookie`: what change detection compares. express-session hashes the
 * same string with SHA-1; comparing the strings themselves gives the same answer without the hashing.
 */
export function snapshotSessionData(session: object): string {
  const { cookie: _cookie, ...data } = session as Record<string, unknown>
  try {
    return JSON.stringify(data)
  } catch (err) {
    throw new TypeError(`sessionkit: req.session cannot be stored because it is not serializable to JSON: ${(err as Error).message}. Keep only plain data (no cycles, BigInts or class instances with state) in the session.`, { cause: err })
  }
}
