// Types of demo-store.js, for the TypeScript tests.
import type { PerUserSessionStore } from './app.js'
import type { UserDirectory } from './users/user-directory.js'

export declare const STORES: readonly ['sqlite', 'memory', 'redis', 'postgres']
/** examples/demo/data/ */
export declare const DEFAULT_DATA_DIRECTORY: string

export interface DemoStore {
  /** The session store, indexed by user (`userKey: sessionUserId`). */
  store: PerUserSessionStore
  /** The accounts, beside the sessions. */
  users: UserDirectory
  /** Where both are, for the startup line. */
  describe: string
  /** Closes the store and the connection or file it opened. */
  close(): Promise<void>
}

export interface DemoStoreOptions {
  /** For sqlite: the folder of sessions.db. @default examples/demo/data */
  dataDirectory?: string
  /** For redis and postgres: the key prefix and the table name prefix. @default 'sessionkit-demo' / 'sessionkit_demo' */
  namespace?: string
}

/** Opens the sessions and accounts STORE names (default sqlite). */
export declare function createDemoStore(kind?: string, options?: DemoStoreOptions): Promise<DemoStore>
