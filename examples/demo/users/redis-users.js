// Users in Redis beside the sessions: one key per user (JSON) and one hash from email to user id.

/**
 * The node-redis client methods used here.
 * @typedef {object} RedisUsersClient
 * @property {(key: string, value: string) => Promise<unknown>} set
 * @property {(key: string) => Promise<string | null>} get
 * @property {(key: string) => Promise<number>} del
 * @property {(key: string, field: string, value: string) => Promise<number | boolean>} hSetNX
 * @property {(key: string, field: string) => Promise<string | null | undefined>} hGet
 */

/**
 * @param {RedisUsersClient} client  connected; the caller owns and closes it
 * @param {string} [prefix]  of every key written
 * @returns {import('./user-directory.js').UserDirectory}
 */
export function createRedisUsers(client, prefix = 'sessionkit-demo:') {
  const emailIndex = `${prefix}user-ids-by-email`
  /** @param {string} id */
  const userKey = (id) => `${prefix}user:${id}`
  return {
    async add(user) {
      // The record first, then the email claim (HSETNX is atomic): a parallel signup with the same email loses
      // the claim and removes its record, so an email never points at a missing user.
      await client.set(userKey(user.id), JSON.stringify(user))
      const claimed = await client.hSetNX(emailIndex, user.email, user.id)
      if (claimed === 1 || claimed === true) return true
      await client.del(userKey(user.id))
      return false
    },
    async findByEmail(email) {
      const id = await client.hGet(emailIndex, email)
      return id ? this.findById(id) : undefined
    },
    async findById(id) {
      const json = await client.get(userKey(id))
      return json === null ? undefined : JSON.parse(json)
    },
  }
}
