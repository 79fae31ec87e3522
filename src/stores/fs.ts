export { FsStore, createFsStore } from '../lib/stores/fs/fs-store.js'
export type { FsStoreOptions } from '../lib/stores/fs/fs-store-options.js'
