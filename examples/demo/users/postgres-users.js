// Users in a PostgreSQL table beside the sessions table.

/**
 * @typedef {{ id: string, email: string, password_hash: string, created_at: Date }} UserRow
 */

/**
 * Creates the table when missing.
 * @param {import('pg').Pool} pool  the caller owns and ends it
 * @param {string} [tableName]
 * @returns {Promise<import('./user-directory.js').UserDirectory>}
 */
export async function createPostgresUsers(pool, tableName = 'sessionkit_demo_users') {
  const table = `"${tableName.replaceAll('"', '""')}"`
  await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (
    id text PRIMARY KEY,
    email text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL
  )`)
  const columns = 'id, email, password_hash, created_at'
  return {
    async add(user) {
      // ON CONFLICT DO NOTHING: a parallel signup with the same email inserts nothing instead of failing.
      const result = await pool.query(`INSERT INTO ${table} (${columns}) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
        user.id,
        user.email,
        user.passwordHash,
        user.createdAt,
      ])
      return result.rowCount === 1
    },
    async findByEmail(email) {
      return userOf((await pool.query(`SELECT ${columns} FROM ${table} WHERE email = $1`, [email])).rows[0])
    },
    async findById(id) {
      return userOf((await pool.query(`SELECT ${columns} FROM ${table} WHERE id = $1`, [id])).rows[0])
    },
  }
}

/**
 * @param {UserRow | undefined} row
 * @returns {import('./user-directory.js').DemoUser | undefined}
 */
function userOf(row) {
  return row && { id: row.id, email: row.email, passwordHash: row.password_hash, createdAt: row.created_at.toISOString() }
}
