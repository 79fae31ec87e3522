// The demo's scrypt password hashes: salted, self-describing, checked in constant time, and never throwing on a
// malformed stored value.
import { describe, expect, it } from 'vitest'
import { hashPassword, verifyAgainstNoUser, verifyPassword } from '../../examples/demo/password-hash.js'

describe('demo password hashing', () => {
  it('hashes to scrypt$N$r$p$salt$key and verifies only the same password', async () => {
    const hash = await hashPassword('correct horse battery')
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/)
    expect(await verifyPassword('correct horse battery', hash)).toBe(true)
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false)
    expect(await verifyPassword('', hash)).toBe(false)
  })

  it('salts every hash: one password, two different hashes, both valid', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')])
    expect(a).not.toBe(b)
    expect(await verifyPassword('same password', b)).toBe(true)
  })

  it('treats a password in another Unicode normalization form as the same password', async () => {
    const hash = await hashPassword('caf\u00e9 au lait')
    expect(await verifyPassword('cafe\u0301 au lait', hash)).toBe(true)
  })

  it.each([
    ['an empty string', ''],
    ['another scheme', 'bcrypt$2b$10$abc'],
    ['no key', 'scrypt$32768$8$1$c2FsdA'],
  ])('does not match %s', async (_label, stored) => {
    expect(await verifyPassword('anything', stored)).toBe(false)
  })

  it('does not match a key of the wrong length', async () => {
    const hash = await hashPassword('password one')
    expect(await verifyPassword('password one', `${hash.slice(0, -4)}`)).toBe(false)
  })

  it('spends a check on unknown users and says no', async () => {
    expect(await verifyAgainstNoUser('whatever')).toBe(false)
  })
})
