// The benchmark chart: buildFigures()'s output (bench/lib/figures.js) drawn as a self-contained SVG, written by
// hand so it needs no dependency. Horizontal bars per comparison and route on one req/s scale, the ratio and the
// store commands per request beside them, a legend, and the machine, versions and date it was measured on.
// The layout is a pure function of the figures (fixed columns, widths estimated from character counts rather
// than measured, coordinates rounded), so the same figures give the same bytes and a commit diff shows only
// figures that changed.
import { fmtFixed, fmtInt } from './format.js'

const WIDTH = 1000
const PAD = 24
const BAR_X = 96 // bars start here; route labels sit left of it
const BAR_MAX = 580 // width of the longest axis value
const RATIO_END = 810 // right edge of the ratio column
const COMMANDS_END = WIDTH - PAD // right edge of the store commands column
const BAR_H = 14
const BAR_GAP = 3
const ROW_GAP = 12
const LINE = 18

const FONT = "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
const INK = '#1f2328'
const MUTED = '#59636e'
const GRID = '#e3e6ea'
const COLORS = { baseline: '#aab2bd', peer: '#e8913a', sessionkit: '#2f6fde' }
const RATIO_COLORS = { ahead: '#1a7f37', behind: '#cf222e' }
const SIDES = ['baseline', 'peer', 'sessionkit']

/** Text content and attribute values: the five characters XML gives meaning to. */
export function escapeXml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c])
}

const coord = (n) => String(Math.round(n * 10) / 10)

function attrs(attributes) {
  return Object.entries(attributes)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]) => ` ${name}="${escapeXml(typeof value === 'number' ? coord(value) : value)}"`)
    .join('')
}

function text(x, y, content, { size = 12, weight, fill = INK, anchor } = {}) {
  return `<text${attrs({ x, y, 'font-size': size, 'font-weight': weight, fill, 'text-anchor': anchor })}>${escapeXml(content)}</text>`
}

function rect(x, y, width, height, fill, rx) {
  return `<rect${attrs({ x, y, width, height, fill, rx })}/>`
}

/**
 * Approximate width of sans-serif text: Helvetica, Arial, Segoe UI and San Francisco average a little under
 * 0.5 em a character on this kind of text, bold a little more. Lines are wrapped with room to spare (TEXT_WIDTH).
 */
const textWidth = (content, size, bold = false) => String(content).length * size * (bold ? 0.56 : 0.5)
const TEXT_WIDTH = WIDTH - 2 * PAD - 40

/** Joins items with ` · ` into as few lines as fit `maxWidth` at font size `size`. */
export function wrapItems(items, size, maxWidth = TEXT_WIDTH) {
  const lines = []
  for (const item of items) {
    const last = lines.at(-1)
    if (last !== undefined && textWidth(`${last} · ${item}`, size) <= maxWidth) lines[lines.length - 1] = `${last} · ${item}`
    else lines.push(item)
  }
  return lines
}

/** 1, 2 or 5 × a power of ten, so about `count` gridlines span `max`. */
function niceStep(max, count) {
  const rough = Math.max(max, 1) / count
  const power = 10 ** Math.floor(Math.log10(rough))
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough)
}

const PACKAGE_LABELS = { redis: 'node-redis' }

function headerLines(figures) {
  const { machine, versions, servers, method } = figures
  const machineLine =
    `Measured ${figures.date} on ${machine.cpuModel}, ${machine.cores} cores` +
    (machine.memoryGiB ? `, ${machine.memoryGiB} GiB RAM` : '') +
    `, Node ${machine.node}` +
    (machine.platform ? ` (${machine.platform})` : '')
  const packages = Object.entries(versions)
    .filter(([name]) => name !== 'autocannon')
    .map(([name, version]) => `${PACKAGE_LABELS[name] ?? name} ${version}`)
  const serverItems = Object.entries(servers ?? {}).map(([name, version]) => `${name} ${version}`)
  const windows = method.rounds === 1 ? `one window of ${method.seconds} s` : `${method.rounds === 2 ? 'the faster' : 'the median'} of ${method.rounds} windows of ${method.seconds} s`
  const methodLine =
    `Each bar: an Express ${versions.express?.split('.')[0] ?? ''} server process driven by autocannon${versions.autocannon ? ` ${versions.autocannon}` : ''} ` +
    `(${method.connections} connections), ${windows} after ${method.warmupSeconds} s of warm-up` +
    (method.pinned ? '; server and load generator pinned to a core each' : '')
  return [...wrapWords(machineLine, 12), ...wrapItems([...packages, ...serverItems], 12), ...wrapWords(methodLine, 12)]
}

function legend(y, figures) {
  const hasBaseline = figures.comparisons.some((c) => c.rows.some((row) => row.baseline))
  const hasPeer = figures.comparisons.some((c) => c.rows.some((row) => row.peer))
  const entries = [
    hasBaseline && ['baseline', 'bare Express (no sessions)'],
    hasPeer && ['peer', 'express-session + its usual store'],
    ['sessionkit', 'sessionkit + its own store'],
  ].filter(Boolean)
  const parts = []
  let x = PAD
  for (const [side, label] of entries) {
    parts.push(rect(x, y - 11, 14, 14, COLORS[side], 2), text(x + 20, y, label))
    x += 20 + textWidth(label, 12) + 28
  }
  return parts
}

/** The bars of one route, the ratio and the store commands beside them; returns the row's height. */
function drawRow({ parts, y, row, comparison, sides, scale, rounds }) {
  const height = sides.length * (BAR_H + BAR_GAP) - BAR_GAP
  parts.push(text(PAD, y + height / 2 + 5, row.route, { size: 14, weight: '600' }))
  sides.forEach((side, i) => {
    const figure = row[side]
    if (!figure) return
    const barY = y + i * (BAR_H + BAR_GAP)
    const width = Math.max(1, figure.rps * scale)
    parts.push(rect(BAR_X, barY, width, BAR_H, COLORS[side], 2))
    parts.push(text(BAR_X + width + 6, barY + BAR_H - 3, fmtInt(figure.rps), { size: 11, fill: side === 'sessionkit' ? INK : MUTED }))
  })

  const middle = y + height / 2
  if (row.ratio !== null) {
    const color = row.ratio >= 1 ? RATIO_COLORS.ahead : RATIO_COLORS.behind
    // With one round it is the same number again.
    const withinRounds = row.ratioWithinRounds !== null && rounds > 1
    parts.push(text(RATIO_END, middle + (withinRounds ? 0 : 6), `${row.ratio.toFixed(2)}×`, { size: 16, weight: '700', fill: color, anchor: 'end' }))
    if (withinRounds) parts.push(text(RATIO_END, middle + 15, `${row.ratioWithinRounds.toFixed(2)}× within rounds`, { size: 10, fill: MUTED, anchor: 'end' }))
  }

  const commands = commandLines(row, comparison)
  commands.forEach((line, i) => {
    const lineY = middle + 4 + (i - (commands.length - 1) / 2) * 15
    parts.push(text(COMMANDS_END, lineY, line, { size: 11, fill: i === 0 ? INK : MUTED, anchor: 'end' }))
  })
  return height
}

function commandLines(row, comparison) {
  if (comparison.inProcess) return ['in process']
  const pair = (key) => {
    const ours = row.sessionkit?.[key]
    if (ours == null) return null
    return row.peer?.[key] != null ? `${fmtFixed(row.peer[key], 2)} → ${fmtFixed(ours, 2)}` : fmtFixed(ours, 2)
  }
  const sent = pair('commandsSent')
  const run = pair('commandsRun')
  return [sent && `sent ${sent}`, run && `${comparison.commandsRunBy ?? 'server'} ran ${run}`].filter(Boolean)
}

function drawComparison({ parts, y, comparison, scale, ticks, rounds }) {
  const sides = SIDES.filter((side) => comparison.rows.some((row) => row[side]))
  const vs = [comparison.peer, comparison.sessionkit].filter(Boolean).join(' vs ')
  parts.push(text(PAD, y + 14, comparison.title, { size: 15, weight: '700' }))
  parts.push(text(PAD + textWidth(comparison.title, 15, true) + 12, y + 14, vs, { size: 12, fill: MUTED }))
  const hasCommands = comparison.inProcess || comparison.rows.some((row) => row.sessionkit?.commandsSent != null)
  const hasRatio = comparison.rows.some((row) => row.ratio !== null)
  if (hasRatio) parts.push(text(RATIO_END, y + 34, 'sessionkit ÷ peer', { size: 10, fill: MUTED, anchor: 'end' }))
  if (hasCommands) parts.push(text(COMMANDS_END, y + 34, 'store commands / request', { size: 10, fill: MUTED, anchor: 'end' }))

  const top = y + 42
  const rowsParts = []
  let rowY = top
  for (const row of comparison.rows) {
    rowY += drawRow({ parts: rowsParts, y: rowY, row, comparison, sides, scale, rounds }) + ROW_GAP
  }
  const bottom = rowY - ROW_GAP + 6
  // Gridlines first, so the bars and labels are drawn over them.
  for (const tick of ticks) {
    const x = BAR_X + tick * scale
    parts.push(`<line${attrs({ x1: x, y1: top - 6, x2: x, y2: bottom, stroke: GRID, 'stroke-width': 1 })}/>`)
    parts.push(text(x, bottom + 13, fmtInt(tick), { size: 10, fill: MUTED, anchor: 'middle' }))
  }
  parts.push(...rowsParts)
  return bottom + 13 - y
}

const FOOTNOTES = [
  'Bars: requests per second, higher is better. Ratio: sessionkit req/s ÷ peer req/s in the same run; a machine’s speed drifts ' +
    'between runs, so compare ratios rather than req/s across runs.',
  'Store commands / request: Redis commands or PostgreSQL statements the app sent (its round trips), peer → sessionkit; “Redis ran” is what ' +
    'Redis executed (INFO commandstats), including the commands inside sessionkit’s Lua scripts.',
  'flash: connect-flash beside express-session against sessionkit/flash. Not like for like: express-session saves nothing when the message ' +
    'taken and the one left have the same text, sessionkit removes one and adds the other. Details in bench/README.md.',
]

/** The whole chart as an SVG document (a string ending in a newline). */
export function renderChartSvg(figures) {
  const parts = []
  let y = PAD + 14
  const title = 'sessionkit vs express-session: requests per second'
  parts.push(text(PAD, y, title, { size: 20, weight: '700' }))
  y += 8
  for (const line of headerLines(figures)) {
    y += LINE
    parts.push(text(PAD, y, line, { fill: MUTED }))
  }
  if (figures.method.quick) {
    y += LINE
    parts.push(text(PAD, y, '--quick smoke run: one short window per bar, too noisy to compare.', { weight: '700', fill: RATIO_COLORS.behind }))
  }
  if (figures.errors > 0) {
    y += LINE
    parts.push(text(PAD, y, `This run had ${figures.errors} error(s): some figures are missing or failed their checks (see the bench output).`, { weight: '700', fill: RATIO_COLORS.behind }))
  }
  y += LINE + 10
  parts.push(...legend(y, figures))
  y += 18

  const maxRps = Math.max(1, ...figures.comparisons.flatMap((c) => c.rows.flatMap((row) => SIDES.map((side) => row[side]?.rps ?? 0))))
  const step = niceStep(maxRps, 8)
  const axisMax = Math.ceil(maxRps / step) * step
  const scale = BAR_MAX / axisMax
  const ticks = Array.from({ length: axisMax / step + 1 }, (_, i) => i * step)
  for (const comparison of figures.comparisons) {
    y += 14
    y += drawComparison({ parts, y, comparison, scale, ticks, rounds: figures.method.rounds })
  }

  y += 16
  parts.push(`<line${attrs({ x1: PAD, y1: y, x2: WIDTH - PAD, y2: y, stroke: GRID, 'stroke-width': 1 })}/>`)
  for (const line of FOOTNOTES.flatMap((note) => wrapWords(note, 11))) {
    y += 15
    parts.push(text(PAD, y, line, { size: 11, fill: MUTED }))
  }
  const height = y + PAD

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg${attrs({ xmlns: 'http://www.w3.org/2000/svg', width: WIDTH, height, viewBox: `0 0 ${WIDTH} ${coord(height)}`, role: 'img', 'aria-labelledby': 'chart-title chart-desc' })}>`,
    `<title id="chart-title">${escapeXml(`${title}, ${figures.date}`)}</title>`,
    `<desc id="chart-desc">${escapeXml(describe(figures))}</desc>`,
    rect(0, 0, WIDTH, height, '#ffffff'),
    `<g${attrs({ 'font-family': FONT })}>`,
    ...parts,
    '</g>',
    '</svg>',
    '',
  ].join('\n')
}

/** Words into lines that fit the chart's width at font size `size`. */
function wrapWords(sentence, size) {
  const lines = []
  for (const word of sentence.split(' ')) {
    const last = lines.at(-1)
    if (last !== undefined && textWidth(`${last} ${word}`, size) <= TEXT_WIDTH) lines[lines.length - 1] = `${last} ${word}`
    else lines.push(word)
  }
  return lines
}

/** The figures as sentences, for screen readers (the SVG's <desc>). */
function describe(figures) {
  return figures.comparisons
    .flatMap((c) =>
      c.rows.map((row) => {
        const sides = [row.sessionkit && `sessionkit ${fmtInt(row.sessionkit.rps)}`, row.peer && `peer ${fmtInt(row.peer.rps)}`, row.baseline && `bare Express ${fmtInt(row.baseline.rps)}`]
        const ratio = row.ratio === null ? '' : ` (${row.ratio.toFixed(2)}×)`
        return `${c.title}, ${row.route}: ${sides.filter(Boolean).join(', ')} req/s${ratio}.`
      }),
    )
    .join(' ')
}
