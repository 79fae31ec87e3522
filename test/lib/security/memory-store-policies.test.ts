import session from '../../../src/express.ts'
import { createMemoryStore } from '../../../src/index.ts'
import { describeSessionPolicies } from '../../support/session-policy-scenarios.ts'

// The default store of sessionkit/express (connect-style) and the Promise-based bounded one.
describeSessionPolicies('the default MemoryStore', async () => {
  const store = new session.MemoryStore()
  return { store, cleanup: async () => store.close() }
})

describeSessionPolicies('BoundedMemoryStore (createMemoryStore)', async () => {
  const store = createMemoryStore()
  return { store, cleanup: () => store.close() }
})

