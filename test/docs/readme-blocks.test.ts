import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

// Every README code block marked `<!-- runs as a test -->` runs as written, as an app would run it: an ES module
// importing the built package by name (npm test builds it first). A failed assertion fails the test.
const root = fileURLToPath(new URL('../../', import.meta.url))
const readme = readFileSync(new URL('README.md', `file://${root}`), 'utf8')
const blocks = [...readme.matchAll(/<!-- runs as a test -->\n```js\n([\s\S]*?)\n```/g)].map((match, index) => ({ index, code: match[1] as string }))
const written: string[] = []
afterAll(() => {
  for (const file of written) rmSync(file, { force: true })
})

describe('README blocks that run as tests', () => {
  it('has some', () => {
    expect(blocks.length).toBeGreaterThan(0)
  })

  it.each(blocks)('block $index runs without failing', ({ index, code }) => {
    // Inside the package, so `import … from 'sessionkit'` resolves through its own exports map.
    const file = `${root}readme-block-${index}.tmp.mjs`
    written.push(file)
    writeFileSync(file, code)
    expect(() => execFileSync(process.execPath, [file], { cwd: root, encoding: 'utf8', stdio: 'pipe' })).not.toThrow()
  })
})
