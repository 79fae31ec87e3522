import { expect, it } from 'vitest'
import { BoundedMemoryStore } from '../../../../src/lib/stores/memory/bounded-memory-store.ts'
import { describeStoreConformance } from '../../../support/store-conformance.ts'

describeStoreConformance(
  'BoundedMemoryStore (userKey)',
  async () => {
    const store = new BoundedMemoryStore({ userKey: 'userId' })
    return {
      store,
      storeWithUserKey: (userKey) => new BoundedMemoryStore({ userKey }),
      // One millisecond of life left, then past it: the entry stays until it is next looked at, as an expired one does.
      expire: async (id: string) => {
        store.cache.touch(id, Date.now() + 1)
        await new Promise((resolve) => setTimeout(resolve, 3))
      },
    }
  },
  {
    additionalTests: (current) => {
      it('rejects the per-user calls with a sessionkit: error when created without userKey', async () => {
        const store = new BoundedMemoryStore()
        await expect(store.listSessionsOfUser('u1')).rejects.toThrow(/^sessionkit: listSessionsOfUser\(\) needs the store's userKey option/)
        await expect(store.destroySessionsOfUser('u1')).rejects.toThrow(/^sessionkit: destroySessionsOfUser\(\) needs the store's userKey option/)
        await store.close()
        expect(current().store).toBeInstanceOf(BoundedMemoryStore)
      })
    },
  },
)
