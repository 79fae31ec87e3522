// Types of figures.js for the TypeScript tests (`npm run typecheck` covers test/, and bench/ is plain JavaScript).

/** One side of one bar group: req/s and, for the networked stores, store commands per request. */
export interface SideFigures {
  rps: number
  /** Store commands (Redis commands, PostgreSQL statements) the app sent per request; null when not counted. */
  commandsSent: number | null
  /** Commands the store server itself ran per request (Redis INFO commandstats); null when not counted. */
  commandsRun: number | null
}

export interface RouteFigures {
  route: string
  /** Bare Express without sessions (memory comparison only). */
  baseline: SideFigures | null
  /** express-session with its usual store; null for stores without a common peer. */
  peer: SideFigures | null
  sessionkit: SideFigures | null
  /** sessionkit req/s ÷ peer req/s, two decimals; null without a peer. */
  ratio: number | null
  /** Median of the ratios taken within each round (memory comparison only). */
  ratioWithinRounds: number | null
}

export interface Comparison {
  id: string
  title: string
  peer?: string
  sessionkit: string
  baseline?: string
  /** Who `commandsRun` was counted by, e.g. `Redis`. */
  commandsRunBy?: string
  /** An embedded store: no round trips to count. */
  inProcess?: boolean
  rows: RouteFigures[]
}

export interface Figures {
  /** YYYY-MM-DD */
  date: string
  machine: { cpuModel: string; cores: number; memoryGiB: number | null; node: string; platform: string }
  /** npm package versions by package name (`redis` is node-redis). */
  versions: Record<string, string>
  /** Database server versions, e.g. `{ Redis: '7.0.15', PostgreSQL: '15.20' }`. */
  servers: Record<string, string>
  method: { rounds: number; seconds: number; warmupSeconds: number; connections: number; pinned: boolean; quick: boolean }
  comparisons: Comparison[]
  /** Number of errors the run reported. */
  errors: number
}

export declare function buildFigures(input: {
  env: { date: string; node: string; platform: string; cpuModel: string; cores: number; totalMemoryMiB: number; versions: Record<string, string>; pinning?: unknown; servers?: Record<string, string | null> }
  config: { repeats: number; duration: number; warmup: number; connections: number; quick: boolean }
  summary: unknown
  stores: unknown
  errors?: unknown[]
}): Figures
