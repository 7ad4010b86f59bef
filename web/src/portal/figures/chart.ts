// The arithmetic of the figures page's bar charts, kept pure (tests/unit/figures.test.ts).

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value` (at least 1): a scale that reads well. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= value) return step * power
  }
  return 10 * power
}

/** Gridline values from 0 to max in `count` equal steps. */
export function ticks(max: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => Math.round((max * i) / count))
}

export interface Bar {
  x: number
  y: number
  width: number
  height: number
  value: number
}

/** Grouped bars: for each of `groups` points, one bar per series side by side, in a plot
 * `width` × `height`, values scaled to `max`. Returns bars[series][point]. */
export function groupedBars(series: number[][], width: number, height: number, max: number): Bar[][] {
  const points = Math.max(0, ...series.map((s) => s.length))
  if (!points || !series.length) return series.map(() => [])
  const slot = width / points
  const gap = Math.min(slot * 0.2, 8)
  const barWidth = (slot - gap) / series.length
  return series.map((values, s) =>
    values.map((value, i) => {
      const h = max > 0 ? (Math.max(0, value) / max) * height : 0
      return { x: i * slot + gap / 2 + s * barWidth, y: height - h, width: barWidth, height: h, value }
    }),
  )
}

/** 0.9651 → "96.5%"; no rate (nothing answered or rated yet) → the dash. */
export function rate(value: number | null | undefined, none = '—'): string {
  if (value === null || value === undefined || Number.isNaN(value)) return none
  return `${(Math.round(value * 1000) / 10).toFixed(1)}%`
}

/** "2026-11" → "2026年11月"; short: "11月". */
export function monthLabel(month: string, short = false): string {
  const [year, mm] = month.split('-')
  return short ? `${Number(mm)}月` : `${year}年${Number(mm)}月`
}

/** "2026-12-04" → "12-04". */
export function dayLabel(day: string): string {
  return day.slice(5)
}
