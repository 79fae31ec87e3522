import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { markdownPagesUnder } from './markdown-code-blocks.ts'

// Every relative link in docs/ reaches a file that exists and, with a #fragment, a heading on that page: pages
// move and headings get renamed, and a reader who follows a dead link is stuck.
const root = fileURLToPath(new URL('../../', import.meta.url))
const pages = markdownPagesUnder(root, 'docs')

// Pages other work adds; a link to one is accepted until it exists. Remove an entry once its page is written.
const PENDING_PAGES = new Set<string>()

/** GitHub's heading anchor: lower case, punctuation dropped (hyphens and underscores kept), spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-')
}

function anchorsOf(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/^```[\s\S]*?^```/gm, '')
  return new Set([...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1] as string)))
}

function linksOf(markdown: string): string[] {
  const withoutCode = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '')
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string).filter((target) => !/^[a-z]+:/i.test(target))
}

describe('links in docs/', () => {
  it.each(pages.map(([page, text]) => ({ page, text })))('$page: every relative link resolves', ({ page, text }) => {
    const broken: string[] = []
    for (const link of linksOf(text)) {
      const [path, fragment] = link.split('#') as [string, string | undefined]
      const target = path === '' ? join(root, page) : join(root, dirname(page), path)
      const targetPage = relative(root, target)
      if (PENDING_PAGES.has(targetPage)) continue
      if (!existsSync(target)) {
        broken.push(`${link} (no file ${targetPage})`)
        continue
      }
      if (fragment !== undefined && target.endsWith('.md') && !anchorsOf(readFileSync(target, 'utf8')).has(fragment)) {
        broken.push(`${link} (no heading #${fragment} in ${targetPage})`)
      }
    }
    expect(broken).toEqual([])
  })
})
