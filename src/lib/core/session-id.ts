import { randomFillSync } from 'node:crypto'

const ID_BYTES = 24
// One randomFillSync call per 128 ids: the CSPRNG call dominates the cost of a small id.
const POOL_IDS = 128
const pool = Buffer.allocUnsafe(ID_BYTES * POOL_IDS)
let poolOffset = pool.length

/**
 * A new session id: 192 bits from the CSPRNG as 32 base64url characters,
 * the same length and alphabet as express-session's `uid-safe(24)`.
 */
export function generateSessionId(): string {
  if (poolOffset === pool.length) {
    randomFillSync(pool)
    poolOffset = 0
  }
  const id = pool.toString('base64url', poolOffset, poolOffset + ID_BYTES)
  // Wipe the used bytes so a later leak of the pool never reveals issued ids.
  pool.fill(0, poolOffset, poolOffset + ID_BYTES)
  poolOffset += ID_BYTES
  return id
}
