import { describeExpressPolicies } from './express-policy-scenarios.ts'
import { cookieBackend, describeFetchPolicies, storeBackend } from './fetch-policy-scenarios.ts'
import type { CreatePolicyStore } from './policy-store-access.ts'

export type { CreatePolicyStore, PolicyStore } from './policy-store-access.ts'

/**
 * The security policies of issue 7 (idle and absolute timeouts, user-agent binding, onSessionRejected, and the
 * logout and caching options) on one store, in both faces: `sessionkit/express` on Express 4 and 5, and the
 * Fetch face through `createStoreSessionStorage(store, { secrets })`. Real HTTP on loopback; only `Date` is
 * faked. Each store's test file calls this with a factory that builds a fresh store and tidies it up.
 *
 * @example
 * describeSessionPolicies('RedisStore', async () => ({ store: new RedisStore({ client, prefix }), cleanup }))
 */
export function describeSessionPolicies(name: string, createStore: CreatePolicyStore): void {
  describeExpressPolicies(name, createStore)
  describeFetchPolicies(name, storeBackend(createStore), { serverSide: true })
}

/** The same policies on the Fetch face's cookie storage, where the whole session lives in the cookie. */
export function describeCookieStoragePolicies(): void {
  describeFetchPolicies('createCookieSessionStorage', cookieBackend, { serverSide: false })
}
