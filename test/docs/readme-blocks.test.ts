import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { postgresAvailable, redisAvailable } from '../support/services.ts'
import { markedBlocksOf } from './markdown-code-blocks.ts'
import { runDocBlock } from './run-doc-block.ts'

// Every README code block marked `<!-- runs as a test -->` runs as written, as an app would run it: an ES module
// importing the built package by name (npm test builds it first). A failed assertion fails the test. The marker
// grammar (and its `needs Redis` / `needs PostgreSQL` / `CommonJS` flags) is the one docs/ uses: see
// markdown-code-blocks.ts.
const root = fileURLToPath(new URL('../../', import.meta.url))
const readme = readFileSync(new URL('README.md', `file://${root}`), 'utf8')
const blocks = markedBlocksOf('README.md', readme).map((block, index) => ({ ...block, index }))

const redisUp = blocks.some((block) => block.needsRedis) && (await redisAvailable())
const postgresUp = blocks.some((block) => block.needsPostgres) && (await postgresAvailable())

describe('README blocks that run as tests', () => {
  it('has some', () => {
    expect(blocks.length).toBeGreaterThan(0)
  })

  it.for(blocks)('block $index runs without failing', { timeout: 30_000 }, async (block, context) => {
    if ((block.needsRedis && !redisUp) || (block.needsPostgres && !postgresUp)) return context.skip()
    // Inside the package, so `import … from 'sessionkit'` resolves through its own exports map.
    await runDocBlock(block, root, `${root}readme-block-${block.index}.tmp.mjs`, 25_000)
  })
})
