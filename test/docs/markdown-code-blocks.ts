import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

/**
 * The code blocks of a Markdown page that are examples meant to run. A block runs when the line before its
 * opening fence is a marker:
 *
 *   <!-- runs as a test -->                      an ES module, as written
 *   <!-- runs as a test: needs Redis -->         skipped loudly when Redis is down (fails under CI=true)
 *   <!-- runs as a test: needs PostgreSQL -->    the same for PostgreSQL
 *   <!-- runs as a test: CommonJS -->            run as a CommonJS script (`require`)
 *
 * Flags combine with commas. ```js blocks run as they are; ```ts blocks are stripped of their types first.
 */
export interface MarkedBlock {
  /** The page, relative to the repository root (`docs/api/express.md`). */
  page: string
  /** 1-based line of the opening fence, for messages that point at the block. */
  line: number
  language: 'js' | 'ts'
  code: string
  needsRedis: boolean
  needsPostgres: boolean
  commonJs: boolean
}

/** Any fenced block with its language and the line before it. */
export interface FencedBlock {
  page: string
  line: number
  language: string
  marker: string | undefined
  code: string
}

const FENCE = /^```([A-Za-z0-9_-]*)\s*$/
const MARKER = /^<!-- runs as a test(?::\s*([^>]*?))?\s*-->$/

/** Every fenced block of a page, with the marker comment directly above it (if any). */
export function fencedBlocksOf(page: string, markdown: string): FencedBlock[] {
  const lines = markdown.split('\n')
  const blocks: FencedBlock[] = []
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index] as string)
    if (!open) continue
    const start = index
    const body: string[] = []
    for (index++; index < lines.length && (lines[index] as string).trimEnd() !== '```'; index++) body.push(lines[index] as string)
    const previous = start > 0 ? (lines[start - 1] as string).trim() : ''
    blocks.push({ page, line: start + 1, language: open[1] ?? '', marker: MARKER.test(previous) ? previous : undefined, code: body.join('\n') })
  }
  return blocks
}

/** The blocks of a page that run as tests. */
export function markedBlocksOf(page: string, markdown: string): MarkedBlock[] {
  return fencedBlocksOf(page, markdown).flatMap((block) => {
    if (block.marker === undefined) return []
    if (block.language !== 'js' && block.language !== 'ts') {
      throw new Error(`${block.page}:${block.line}: a block marked "runs as a test" must be \`\`\`js or \`\`\`ts, not "${block.language}"`)
    }
    const flags = (MARKER.exec(block.marker)?.[1] ?? '').split(',').map((flag) => flag.trim().toLowerCase())
    for (const flag of flags) {
      if (!['', 'needs redis', 'needs postgresql', 'commonjs'].includes(flag)) throw new Error(`${block.page}:${block.line}: unknown flag "${flag}" in the runs-as-a-test marker`)
    }
    return [
      {
        page: block.page,
        line: block.line,
        language: block.language,
        code: block.code,
        needsRedis: flags.includes('needs redis'),
        needsPostgres: flags.includes('needs postgresql'),
        commonJs: flags.includes('commonjs'),
      },
    ]
  })
}

/** Every Markdown page under `directory` (relative to `root`), sorted, as [page, text]. */
export function markdownPagesUnder(root: string, directory: string): Array<[string, string]> {
  const found: Array<[string, string]> = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.md')) found.push([relative(root, path), readFileSync(path, 'utf8')])
    }
  }
  walk(join(root, directory))
  return found.sort(([a], [b]) => a.localeCompare(b))
}
