// Types of readme-line.js for the TypeScript tests (`npm run typecheck` covers test/, and bench/ is plain JavaScript).
import type { Figures } from './figures.js'

/** The README's line under the chart: date, machine, Node, versions measured against, link to the method. */
export declare function readmeMachineLine(figures: Figures): string
