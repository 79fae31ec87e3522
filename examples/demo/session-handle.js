// A session id is a bearer secret: whoever has it is logged in. The devices page must name sessions in its
// "Revoke" forms, so it names each by a handle instead: a hash of the id, which cannot be turned back into it.
import { createHash } from 'node:crypto'

/**
 * The handle of a session id: the first 128 bits of its SHA-256, in base64url. Session ids are 256 random bits,
 * so nothing about the id can be learned or guessed from it; 128 bits keep handles of one user's sessions apart.
 * @param {string} sessionId
 * @returns {string}
 */
export function sessionHandle(sessionId) {
  return createHash('sha256').update(sessionId).digest().subarray(0, 16).toString('base64url')
}
