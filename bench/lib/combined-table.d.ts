// Types of combined-table.js for the TypeScript tests (`npm run typecheck` covers test/, and bench/ is plain JavaScript).
import type { Figures } from './figures.js'

/** Every comparison and route as one printed table: req/s, sessionkit ÷ peer, store commands per request. */
export declare function combinedTable(figures: Figures): string
/** What the table's columns mean, printed under it. */
export declare const COMBINED_TABLE_NOTES: string[]
