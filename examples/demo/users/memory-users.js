// Users in this process's memory: for STORE=memory, where sessions end with the process too.

/**
 * @returns {import('./user-directory.js').UserDirectory}
 */
export function createMemoryUsers() {
  /** @type {Map<string, import('./user-directory.js').DemoUser>} */
  const byId = new Map()
  /** @type {Map<string, string>} */
  const idByEmail = new Map()
  return {
    async add(user) {
      if (idByEmail.has(user.email)) return false
      idByEmail.set(user.email, user.id)
      byId.set(user.id, { ...user })
      return true
    },
    async findByEmail(email) {
      const id = idByEmail.get(email)
      return id === undefined ? undefined : this.findById(id)
    },
    async findById(id) {
      const user = byId.get(id)
      return user && { ...user }
    },
  }
}
