import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { markdownPagesUnder, markedBlocksOf, type MarkedBlock } from './markdown-code-blocks.ts'

// The ```ts examples of the README and docs/ type-check against the built package's declarations, as a
// TypeScript user's code would: running them (docs-blocks.test.ts) strips the types and cannot catch a wrong one.
// Each block is a virtual module in the package root, so `sessionkit/…` resolves through the exports map to dist/.
const root = fileURLToPath(new URL('../../', import.meta.url))
const pages: Array<[string, string]> = [['README.md', readFileSync(`${root}README.md`, 'utf8')], ...markdownPagesUnder(root, 'docs')]
const blocks = pages.flatMap(([page, text]) => markedBlocksOf(page, text)).filter((block) => block.language === 'ts')

function virtualFileOf(block: MarkedBlock): string {
  return `${root}docs-typecheck-${block.page.replace(/[^A-Za-z0-9]+/g, '-')}-${block.line}.mts`
}

function typeErrorsByBlock(): Map<MarkedBlock, string[]> {
  const files = new Map(blocks.map((block) => [virtualFileOf(block), block]))
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
  }
  const host = ts.createCompilerHost(options)
  const { getSourceFile, fileExists, readFile } = host
  host.fileExists = (name) => files.has(name) || fileExists(name)
  host.readFile = (name) => files.get(name)?.code ?? readFile(name)
  host.getSourceFile = (name, languageVersion, ...rest) => {
    const block = files.get(name)
    return block ? ts.createSourceFile(name, block.code, languageVersion, true) : getSourceFile(name, languageVersion, ...rest)
  }
  const program = ts.createProgram([...files.keys()], options, host)
  const errors = new Map<MarkedBlock, string[]>(blocks.map((block) => [block, []]))
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const block = diagnostic.file ? files.get(diagnostic.file.fileName) : undefined
    const where = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0
    const message = `line ${where} of the block: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`
    if (block) errors.get(block)?.push(message)
    else throw new Error(`a type error outside the examples: ${message}`)
  }
  return errors
}

describe('TypeScript examples type-check', () => {
  let errors: Map<MarkedBlock, string[]> | undefined

  it('has some', () => {
    expect(blocks.length).toBeGreaterThan(0)
  })

  it.for(blocks.map((block) => ({ block, name: `${block.page}:${block.line}` })))('$name', { timeout: 60_000 }, ({ block }) => {
    errors ??= typeErrorsByBlock() // one program for all blocks: a type-check costs seconds, not per block
    expect(errors.get(block)).toEqual([])
  })
})
