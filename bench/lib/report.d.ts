// Types of report.js for the TypeScript tests (`npm run typecheck` covers test/, and bench/ is plain JavaScript).

/** A measured window as recorded by the run (only the fields the summaries read are typed). */
export interface MeasuredRun {
  round: number
  rps: number
  cpuPerRequest: number
  [field: string]: unknown
}

/** measured[variant][route]: every window of a route, and the one kept. */
export type Measured = Record<string, Record<string, { runs: MeasuredRun[]; best?: MeasuredRun }>>

export declare const TARGETS: { minRatio: number; maxMiddlewareMicros: number }
/** Per route: each variant's kept window, middleware CPU, the sessionkit ÷ express-session ratios. */
export declare function summarize(measured: Measured): unknown
