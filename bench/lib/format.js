// Small text formatting helpers for the printed tables.

export const fmtInt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—')
export const fmtFixed = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—')
export const fmtSigned = (n, digits = 1) => (Number.isFinite(n) ? (n >= 0 ? '+' : '') + n.toFixed(digits) : '—')
export const fmtMiB = (bytes) => (Number.isFinite(bytes) ? (bytes / 1048576).toFixed(1) : '—')

/** Renders rows (arrays of strings) as aligned columns; `right` lists the right-aligned column indexes. */
export function table(header, rows, right = []) {
  const all = [header, ...rows]
  const widths = header.map((_, i) => Math.max(...all.map((row) => String(row[i] ?? '').length)))
  const line = (row) =>
    row
      .map((cell, i) => (right.includes(i) ? String(cell ?? '').padStart(widths[i]) : String(cell ?? '').padEnd(widths[i])))
      .join('  ')
      .trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}
