// Where the chart and its figures are written, and writing them: bench/results/latest.svg (linked from the
// README) and bench/results/latest-figures.json (what it was drawn from, so it can be redrawn without a run).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderChartSvg } from './chart-svg.js'

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url))
export const FIGURES_PATH = `${RESULTS}latest-figures.json`
export const CHART_PATH = `${RESULTS}latest.svg`

/** Writes the figures as JSON and the chart drawn from them; returns the paths written. */
export function writeChart(figures, { figuresPath = FIGURES_PATH, chartPath = CHART_PATH } = {}) {
  for (const path of [figuresPath, chartPath]) mkdirSync(dirname(path), { recursive: true })
  writeFileSync(figuresPath, JSON.stringify(figures, null, 2) + '\n')
  writeFileSync(chartPath, renderChartSvg(figures))
  return { figuresPath, chartPath }
}

/** Redraws a chart from a figures file (`node bench/chart.js`); returns the figures it drew. */
export function redrawChart({ figuresPath = FIGURES_PATH, chartPath = CHART_PATH } = {}) {
  const figures = JSON.parse(readFileSync(figuresPath, 'utf8'))
  mkdirSync(dirname(chartPath), { recursive: true })
  writeFileSync(chartPath, renderChartSvg(figures))
  return { figures, figuresPath, chartPath }
}
