// Redraws the benchmark chart from saved figures, without running the benchmark (after a change to the chart's
// look, or to draw another run's figures):
//
//   node bench/chart.js [figures.json] [chart.svg]
//
// Defaults: bench/results/latest-figures.json -> bench/results/latest.svg (both written by `npm run bench`).
import { relative } from 'node:path'
import { CHART_PATH, FIGURES_PATH, redrawChart } from './lib/chart-files.js'
import { readmeMachineLine } from './lib/readme-line.js'

const [figuresPath = FIGURES_PATH, chartPath = CHART_PATH] = process.argv.slice(2)
try {
  const { figures } = redrawChart({ figuresPath, chartPath })
  console.log(`chart written to ${relative(process.cwd(), chartPath)} from ${relative(process.cwd(), figuresPath)}`)
  console.log(`README line for this chart:\n${readmeMachineLine(figures)}`)
} catch (err) {
  console.error(`sessionkit: cannot draw the benchmark chart from ${figuresPath}: ${err.message} (run \`npm run bench\` first, or pass a figures file)`)
  process.exitCode = 1
}
