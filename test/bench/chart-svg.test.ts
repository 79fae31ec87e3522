// The benchmark chart writer (bench/lib/chart-svg.js) on fixed figures: the SVG is well-formed XML, carries every
// label, bar and ratio a reader needs, escapes what it prints, and is the same bytes for the same figures.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderChartSvg, wrapItems } from '../../bench/lib/chart-svg.js'
import type { Comparison, Figures } from '../../bench/lib/figures.js'
import { allElements, parseXml, type XmlElement } from './xml-well-formed.ts'

/** Figures of a real run (bench/README.md, 2026-12-02), with a CPU name that needs escaping. */
function fixture(): Figures {
  return JSON.parse(readFileSync(new URL('./fixtures/figures.json', import.meta.url), 'utf8')) as Figures
}

function render(change: (figures: Figures) => void = () => {}) {
  const figures = fixture()
  change(figures)
  const svg = renderChartSvg(figures)
  const root = parseXml(svg)
  const elements = allElements(root)
  const texts = elements.filter((element) => element.name === 'text').map((element) => element.text)
  return { figures, svg, root, elements, texts }
}

const COLORS = { baseline: '#aab2bd', peer: '#e8913a', sessionkit: '#2f6fde' }
const barsOf = (elements: XmlElement[], color: string) =>
  // Bars are the rects of a side's colour that are not legend swatches (14 × 14).
  elements.filter((element) => element.name === 'rect' && element.attributes.fill === color && element.attributes.height === '14' && element.attributes.width !== '14')
const widthOf = (element: XmlElement | undefined) => Number(element?.attributes.width)
const comparison = (figures: Figures, id: string) => figures.comparisons.find((c) => c.id === id) as Comparison

describe('parseXml (the checker the chart tests rely on)', () => {
  it.each([
    ['an unclosed element', '<svg><g></svg>'],
    ['crossed tags', '<svg><g><text></g></text></svg>'],
    ['a bare ampersand in text', '<svg><text>A & B</text></svg>'],
    ['a raw < in an attribute', '<svg><text x="<1">a</text></svg>'],
    ['an unquoted attribute', '<svg width=10></svg>'],
    ['two root elements', '<svg></svg><svg></svg>'],
    ['an unknown entity', '<svg><text>&nbsp;</text></svg>'],
  ])('rejects %s', (_, xml) => {
    expect(() => parseXml(xml)).toThrow()
  })

  it('decodes entities in text and attributes', () => {
    const root = parseXml('<?xml version="1.0"?>\n<svg a="&quot;x&quot;"><text>&lt;&amp;&#215;</text></svg>')
    expect(root.attributes.a).toBe('"x"')
    expect(root.children[0]?.text).toBe('<&×')
  })
})

describe('renderChartSvg', () => {
  it('writes one well-formed SVG document with a title, a description and a white background', () => {
    const { svg, root } = render()
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).toBe(true)
    expect(svg.endsWith('</svg>\n')).toBe(true)
    expect(root.name).toBe('svg')
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg')
    expect(root.attributes.viewBox).toBe(`0 0 ${root.attributes.width} ${root.attributes.height}`)
    expect(root.children.map((child) => child.name).slice(0, 3)).toEqual(['title', 'desc', 'rect'])
    expect(root.children[2]?.attributes).toMatchObject({ width: root.attributes.width, height: root.attributes.height, fill: '#ffffff' })
    expect(root.children[1]?.text).toContain('Redis, flash: sessionkit 1,135, peer 1,468 req/s (0.77×).')
  })

  it('prints the machine, the date, every package and server version and the method', () => {
    const { texts } = render()
    // Wrapped lines joined back with a space, as they read.
    const header = texts.join(' ')
    expect(header).toContain('Measured 2026-12-02 on AMD EPYC <virtualized> & co, 2 cores, 23.5 GiB RAM, Node v20.20.2 (linux x64)')
    for (const version of ['sessionkit 0.1.0', 'express 5.3.0', 'express-session 1.19.0', 'connect-flash 0.1.1', 'connect-redis 10.0.0', 'connect-pg-simple 10.0.0', 'node-redis 6.3.1', 'pg 8.23.1', 'better-sqlite3 12.11.1', 'Redis 7.0.15', 'PostgreSQL 15.20']) {
      expect(header).toContain(version)
    }
    expect(header).toContain('autocannon 9.0.0 (10 connections), the median of 5 windows of 3 s after 1 s of warm-up; server and load generator pinned to a core each')
  })

  it('has a legend entry per kind of bar and a section per comparison, with every route', () => {
    const { texts, figures } = render()
    expect(texts).toEqual(expect.arrayContaining(['bare Express (no sessions)', 'express-session + its usual store', 'sessionkit + its own store']))
    for (const c of figures.comparisons) {
      expect(texts).toContain(c.title)
      expect(texts).toContain([c.peer, c.sessionkit].filter(Boolean).join(' vs '))
    }
    expect(texts.filter((t) => t === 'read')).toHaveLength(figures.comparisons.length)
    expect(texts.filter((t) => t === 'flash')).toHaveLength(figures.comparisons.length)
  })

  it('prints each ratio, green when sessionkit is ahead and red when behind, and the within-rounds ratio', () => {
    const { elements } = render()
    const ratio = (label: string) => elements.find((element) => element.name === 'text' && element.text === label)
    expect(ratio('1.45×')?.attributes.fill).toBe('#1a7f37')
    expect(ratio('1.00×')?.attributes.fill).toBe('#1a7f37')
    expect(ratio('0.77×')?.attributes.fill).toBe('#cf222e')
    expect(ratio('0.86×')?.attributes.fill).toBe('#cf222e')
    expect(ratio('0.91× within rounds')).toBeDefined()
  })

  it('prints the store commands per request, peer → sessionkit, and "in process" for embedded stores', () => {
    const { texts } = render()
    expect(texts).toEqual(expect.arrayContaining(['sent 2.01 → 1.00', 'Redis ran 2.01 → 7.02', 'Redis ran 2.01 → 14.04', 'sent 1.00 → 1.00']))
    expect(texts.filter((t) => t === 'in process')).toHaveLength(8)
  })

  it('draws one bar per figure, all on one scale', () => {
    const { elements, figures, texts } = render()
    const figuresOf = (side: 'baseline' | 'peer' | 'sessionkit') => figures.comparisons.flatMap((c) => c.rows.flatMap((row) => (row[side] ? [row[side].rps] : [])))
    for (const side of ['baseline', 'peer', 'sessionkit'] as const) {
      expect(barsOf(elements, COLORS[side])).toHaveLength(figuresOf(side).length)
    }
    // Memory read: bare 2,528 and sessionkit 1,528; files read: sessionkit 760 (the first sessionkit bar of its section).
    const bare = barsOf(elements, COLORS.baseline)
    const ours = barsOf(elements, COLORS.sessionkit)
    expect(widthOf(ours[0]) / widthOf(bare[0])).toBeCloseTo(1528 / 2528, 2)
    expect(widthOf(ours[16]) / widthOf(bare[0])).toBeCloseTo(760 / 2528, 2)
    expect(texts).toEqual(expect.arrayContaining(['2,528', '1,528', '760']))
    // The longest bar stays left of the ratio column.
    const ends = [...bare, ...ours].map((bar) => Number(bar.attributes.x) + widthOf(bar))
    expect(Math.max(...ends)).toBeLessThanOrEqual(96 + 580)
  })

  it('is the same bytes for the same figures, and changes where a figure changes', () => {
    const first = render().svg
    expect(render().svg).toBe(first)
    const changed = render((figures) => {
      const row = comparison(figures, 'redis').rows[0]
      if (row?.sessionkit) row.sessionkit.rps = 1438
    }).svg
    const differing = first.split('\n').filter((line, i) => line !== changed.split('\n')[i])
    expect(differing.length).toBeGreaterThan(0)
    expect(differing.every((line) => line.includes('1,437') || /width="[\d.]+" height="14" fill="#2f6fde"/.test(line))).toBe(true)
  })

  it('leaves the within-rounds ratio out of a one-round run, where it is the ratio again', () => {
    const { texts } = render((figures) => {
      figures.method.rounds = 1
    })
    expect(texts).toContain('1.45×')
    expect(texts.filter((t) => t.endsWith('within rounds'))).toEqual([])
  })

  it.each([
    ['a --quick run', (f: Figures) => (f.method.quick = true), '--quick smoke run: one short window per bar, too noisy to compare.'],
    ['a run with errors', (f: Figures) => (f.errors = 2), 'This run had 2 error(s): some figures are missing or failed their checks (see the bench output).'],
  ])('warns on %s', (_, change, warning) => {
    expect(render().texts).not.toContain(warning)
    expect(render(change).texts).toContain(warning)
  })

  it('draws a run without the store phase (--skip-stores) and rows with a missing side', () => {
    const { texts, elements } = render((figures) => {
      figures.comparisons = figures.comparisons.filter((c) => c.id === 'memory')
      figures.servers = {}
      const flash = comparison(figures, 'memory').rows[2]
      if (flash) {
        flash.peer = null
        flash.ratio = null
        flash.ratioWithinRounds = null
      }
    })
    expect(texts).not.toContain('Redis')
    expect(texts.join('\n')).not.toContain('Redis 7.0.15')
    expect(texts).not.toContain('store commands / request')
    expect(barsOf(elements, COLORS.peer)).toHaveLength(3)
    expect(texts).not.toContain('1.00×')
  })

  it('prints no placeholder of a missing value', () => {
    const { svg } = render((figures) => {
      const row = comparison(figures, 'postgres').rows[1]
      if (row?.peer) row.peer.commandsSent = null
    })
    expect(svg).not.toMatch(/NaN|undefined|null|Infinity|\[object/)
  })
})

describe('wrapItems', () => {
  it('joins items with " · " and starts a new line before one that would not fit', () => {
    expect(wrapItems(['aaaa', 'bbbb', 'cccc'], 10, 80)).toEqual(['aaaa · bbbb', 'cccc'])
    expect(wrapItems(['a-very-long-item-that-never-fits'], 10, 10)).toEqual(['a-very-long-item-that-never-fits'])
  })
})
