// Which user a stored session belongs to. Passport keeps the logged-in user's id at `session.passport.user`;
// the stores index sessions by it (their `userKey` option) so the devices page can list and end them.

/**
 * The `userKey` every demo store is created with.
 * @param {Record<string, unknown>} record  a stored session
 * @returns {string | undefined}
 */
export function sessionUserId(record) {
  const passport = record.passport
  if (typeof passport !== 'object' || passport === null) return undefined
  const user = /** @type {{ user?: unknown }} */ (passport).user
  return typeof user === 'string' ? user : undefined
}
