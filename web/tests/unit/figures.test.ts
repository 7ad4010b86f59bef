import { describe, expect, it } from 'vitest'

import { letterQuery, percent } from '@/portal/ask/confidence'
import { groupedBars, monthLabel, niceMax, rate, ticks } from '@/portal/figures/chart'

describe('niceMax', () => {
  it('rounds up to 1, 2 or 5 × 10ⁿ, and never below 1', () => {
    expect(niceMax(0)).toBe(1)
    expect(niceMax(7)).toBe(10)
    expect(niceMax(12)).toBe(20)
    expect(niceMax(20)).toBe(20)
    expect(niceMax(340)).toBe(500)
    expect(niceMax(501)).toBe(1000)
  })
  it('gives gridlines in equal steps', () => {
    expect(ticks(20)).toEqual([0, 5, 10, 15, 20])
  })
})

describe('groupedBars', () => {
  it('puts each series side by side in its slot, scaled to the maximum', () => {
    const [a, b] = groupedBars([[10, 5], [0, 10]], 100, 50, 10)
    expect(a[0].height).toBe(50)
    expect(a[1].height).toBe(25)
    expect(b[0].height).toBe(0)
    expect(a[0].x).toBeLessThan(b[0].x)
    expect(b[0].x + b[0].width).toBeLessThanOrEqual(50)
    expect(a[1].x).toBeGreaterThanOrEqual(50)
    expect(a[1].y + a[1].height).toBe(50)
  })
  it('draws nothing for no data', () => {
    expect(groupedBars([[], []], 100, 50, 1)).toEqual([[], []])
  })
})

describe('rates and labels', () => {
  it('shows rates with one decimal, and a dash when there is none', () => {
    expect(rate(0.9451)).toBe('94.5%')
    expect(rate(1)).toBe('100.0%')
    expect(rate(null)).toBe('—')
    expect(monthLabel('2026-01')).toBe('2026年1月')
    expect(monthLabel('2026-11', true)).toBe('11月')
  })
  it('shows confidence as a whole percentage within 0–100', () => {
    expect(percent(0.867)).toBe('87%')
    expect(percent(1.2)).toBe('100%')
    expect(percent(undefined)).toBe('0%')
  })
})

describe('letterQuery', () => {
  it('carries the question as title and content, the title shortened at a character', () => {
    expect(letterQuery('  火星移民签证怎么办  ')).toEqual({ title: '火星移民签证怎么办', content: '火星移民签证怎么办' })
    const long = '问'.repeat(150)
    const { title, content } = letterQuery(long)
    expect(Array.from(title)).toHaveLength(100)
    expect(title.endsWith('…')).toBe(true)
    expect(content).toBe(long)
  })
})
