// Password hashing with node:crypto's scrypt: a memory-hard function, so guessing passwords from a stolen
// hash costs real memory per guess. Each hash has its own random salt and carries its parameters, so they can be
// raised later without breaking stored hashes.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

const SALT_BYTES = 16
const KEY_BYTES = 32
// N = 2^15 needs 32 MiB per hash (128 · N · r bytes); maxmem leaves room above that.
const COST = 2 ** 15
const BLOCK_SIZE = 8
const PARALLELISM = 1
const MAX_MEMORY = 64 * 1024 * 1024

/**
 * scrypt as a Promise (the callback form runs on libuv's thread pool, so hashing never blocks the event loop).
 * @param {string} password
 * @param {Buffer} salt
 * @param {{ N: number, r: number, p: number }} params
 * @returns {Promise<Buffer>}
 */
function derive(password, salt, { N, r, p }) {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N, r, p, maxmem: MAX_MEMORY }, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

/**
 * Hashes a password for storing: `scrypt$N$r$p$salt$key` (salt and key in base64url).
 * @param {string} password
 * @returns {Promise<string>}
 */
export async function hashPassword(password) {
  const salt = randomBytes(SALT_BYTES)
  const params = { N: COST, r: BLOCK_SIZE, p: PARALLELISM }
  const key = await derive(password, salt, params)
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/**
 * Whether `password` matches a hash made by {@link hashPassword}. The comparison takes the same time wherever
 * the bytes differ (timingSafeEqual), so response times reveal nothing about the stored key.
 * @param {string} password
 * @param {string} stored
 * @returns {Promise<boolean>}
 */
export async function verifyPassword(password, stored) {
  const [scheme, N, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !key) return false
  const expected = Buffer.from(key, 'base64url')
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p) })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

// Checked against when the email is unknown, so a login takes as long whether or not the account exists.
// Made on first use, not at import.
/** @type {Promise<string> | undefined} */
let unknownUserHash

/**
 * Spends the time of one password check and returns false: for logins with an unknown email.
 * @param {string} password
 * @returns {Promise<false>}
 */
export async function verifyAgainstNoUser(password) {
  unknownUserHash ??= hashPassword(randomBytes(12).toString('base64url'))
  await verifyPassword(password, await unknownUserHash)
  return false
}
