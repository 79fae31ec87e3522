// What the demo knows about its users, and the one interface every backing place (memory, SQLite, PostgreSQL,
// Redis) implements. Emails are kept normalized (trimmed, lower case), so "Ann@Example.com " is taken once
// "ann@example.com" exists.

/**
 * @typedef {object} DemoUser
 * @property {string} id            random UUID; what Passport keeps in the session (`session.passport.user`)
 * @property {string} email         normalized with {@link normalizeEmail}
 * @property {string} passwordHash  from `hashPassword` (scrypt)
 * @property {string} createdAt     ISO 8601
 */

/**
 * @typedef {object} UserDirectory
 * @property {(user: DemoUser) => Promise<boolean>} add  stores a new user; false (and nothing stored) when the email is taken
 * @property {(email: string) => Promise<DemoUser | undefined>} findByEmail  `email` normalized
 * @property {(id: string) => Promise<DemoUser | undefined>} findById
 */

/**
 * The form of an email the directory keys on.
 * @param {string} email
 * @returns {string}
 */
export function normalizeEmail(email) {
  return email.trim().toLowerCase()
}
