import session from '../../../../src/express.ts'
import { BoundedMemoryStore } from '../../../../src/lib/stores/memory/bounded-memory-store.ts'
import { describePartialUpdates } from '../../../support/partial-update-scenarios.ts'

// The default store of sessionkit/express, and the Promise-based one through the bridge.
describePartialUpdates('the default MemoryStore', async () => {
  const store = new session.MemoryStore()
  return { store, cleanup: async () => store.close() }
})

describePartialUpdates('BoundedMemoryStore', async () => {
  const store = new BoundedMemoryStore()
  return { store, cleanup: () => store.close() }
})
