// Types of store-report.js for the TypeScript tests (`npm run typecheck` covers test/, and bench/ is plain JavaScript).
import type { Measured } from './report.js'

/** Per store and route: the peer's and sessionkit's kept windows, the ratio, and store commands per request. */
export declare function summarizeStores(storeMeasured: Measured): unknown
