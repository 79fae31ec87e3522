import { describeCookieStoragePolicies } from '../../support/session-policy-scenarios.ts'

// The Fetch face's cookie storage: the whole session, metadata included, sealed in the cookie.
describeCookieStoragePolicies()
