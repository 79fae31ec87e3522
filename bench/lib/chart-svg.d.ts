// Types of chart-svg.js for the TypeScript tests (`npm run typecheck` covers test/, and bench/ is plain JavaScript).
import type { Figures } from './figures.js'

/** The whole chart as an SVG document (a string ending in a newline); the same figures give the same bytes. */
export declare function renderChartSvg(figures: Figures): string
/** Escapes the five characters XML gives meaning to. */
export declare function escapeXml(value: unknown): string
/** Joins items with ` · ` into as few lines as fit `maxWidth` pixels at font size `size`. */
export declare function wrapItems(items: string[], size: number, maxWidth?: number): string[]
