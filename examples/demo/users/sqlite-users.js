// Users in a table of the SQLite database that also holds the sessions: one file to keep, back up or delete.

/**
 * @typedef {{ id: string, email: string, password_hash: string, created_at: string }} UserRow
 */

/**
 * @param {import('better-sqlite3').Database} database  open; the caller owns and closes it
 * @param {string} [tableName]
 * @returns {import('./user-directory.js').UserDirectory}
 */
export function createSqliteUsers(database, tableName = 'demo_users') {
  const table = `"${tableName.replaceAll('"', '""')}"`
  database.exec(`CREATE TABLE IF NOT EXISTS ${table} (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  )`)
  // ON CONFLICT DO NOTHING: a taken email (even one added a moment ago by a parallel signup) changes nothing.
  const insert = database.prepare(`INSERT INTO ${table} (id, email, password_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`)
  const byEmail = database.prepare(`SELECT id, email, password_hash, created_at FROM ${table} WHERE email = ?`)
  const byId = database.prepare(`SELECT id, email, password_hash, created_at FROM ${table} WHERE id = ?`)
  return {
    async add(user) {
      return insert.run(user.id, user.email, user.passwordHash, user.createdAt).changes === 1
    },
    async findByEmail(email) {
      return userOf(/** @type {UserRow | undefined} */ (byEmail.get(email)))
    },
    async findById(id) {
      return userOf(/** @type {UserRow | undefined} */ (byId.get(id)))
    },
  }
}

/**
 * @param {UserRow | undefined} row
 * @returns {import('./user-directory.js').DemoUser | undefined}
 */
function userOf(row) {
  return row && { id: row.id, email: row.email, passwordHash: row.password_hash, createdAt: row.created_at }
}
