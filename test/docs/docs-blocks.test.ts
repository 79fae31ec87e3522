import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { postgresAvailable, redisAvailable } from '../support/services.ts'
import { fencedBlocksOf, markdownPagesUnder, markedBlocksOf } from './markdown-code-blocks.ts'
import { runDocBlock } from './run-doc-block.ts'

// Every code example under docs/ runs as written, as an app would run it: an ES module (or a CommonJS script)
// importing the built package by name (npm test builds it first). A failed assertion fails the test.
const root = fileURLToPath(new URL('../../', import.meta.url))
const pages = markdownPagesUnder(root, 'docs')
const blocks = pages.flatMap(([page, text]) => markedBlocksOf(page, text)).map((block) => ({ ...block, name: `${block.page}:${block.line}` }))

const redisUp = blocks.some((block) => block.needsRedis) && (await redisAvailable())
const postgresUp = blocks.some((block) => block.needsPostgres) && (await postgresAvailable())

describe('code examples in docs/', () => {
  it('has some on every page but the index pages', () => {
    expect(blocks.length).toBeGreaterThan(0)
  })

  // The rule "every example runs" holds only if no example is left unmarked: JavaScript and TypeScript blocks
  // must all carry the marker (shell commands, SQL, diffs and sample output are not examples that run).
  it.each(pages.map(([page, text]) => ({ page, text })))('$page: every js/ts block is marked to run', ({ page, text }) => {
    const unmarked = fencedBlocksOf(page, text).filter((block) => ['js', 'ts', 'javascript', 'typescript', 'mjs', 'cjs'].includes(block.language) && block.marker === undefined)
    expect(unmarked.map((block) => `${block.page}:${block.line}`)).toEqual([])
  })

  // A node process per example: on a busy 2-core machine one can take several seconds to start.
  it.concurrent.for(blocks)('$name runs without failing', { timeout: 30_000 }, async (block, context) => {
    if ((block.needsRedis && !redisUp) || (block.needsPostgres && !postgresUp)) return context.skip()
    const file = `${root}docs-block-${block.page.replace(/[^A-Za-z0-9]+/g, '-')}-${block.line}.tmp.mjs`
    await runDocBlock(block, root, file, 25_000)
  })
})
