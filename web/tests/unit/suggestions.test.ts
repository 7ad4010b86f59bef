import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { moveActive, SUGGEST_DELAY_MS, useSuggestions } from '@/portal/search/suggestions'

describe('useSuggestions', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('asks once the typing pauses, for the last text only', async () => {
    const fetcher = vi.fn(async (text: string) => [`${text}结果`])
    const { items, request } = useSuggestions(fetcher)
    request('g')
    request('gj')
    request('gjj')
    await vi.advanceTimersByTimeAsync(SUGGEST_DELAY_MS - 1)
    expect(fetcher).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(fetcher).toHaveBeenCalledTimes(1)
    expect(fetcher.mock.calls[0]![0]).toBe('gjj')
    expect(items.value).toEqual(['gjj结果'])
  })

  it('aborts a running request when the text changes, and never shows its late answer', async () => {
    let answerSlow: (found: string[]) => void = () => {}
    let slowSignal: AbortSignal | undefined
    const fetcher = vi.fn((text: string, signal: AbortSignal) => {
      if (text === 'gjj') return Promise.resolve(['住房公积金提取'])
      slowSignal = signal
      return new Promise<string[]>((resolve) => (answerSlow = resolve))
    })
    const { items, request } = useSuggestions(fetcher)
    request('gj')
    await vi.advanceTimersByTimeAsync(SUGGEST_DELAY_MS)
    request('gjj')
    expect(slowSignal?.aborted).toBe(true)
    await vi.advanceTimersByTimeAsync(SUGGEST_DELAY_MS)
    expect(items.value).toEqual(['住房公积金提取'])
    answerSlow(['过时的建议'])
    await vi.advanceTimersByTimeAsync(0)
    expect(items.value).toEqual(['住房公积金提取'])
  })

  it('clears at once for empty text and shows nothing when the request fails', async () => {
    const fetcher = vi.fn(async () => {
      throw new Error('down')
    })
    const { items, request } = useSuggestions(fetcher)
    items.value = ['旧的']
    request('   ')
    expect(items.value).toEqual([])
    expect(fetcher).not.toHaveBeenCalled()
    items.value = ['旧的']
    request('sbk')
    await vi.advanceTimersByTimeAsync(SUGGEST_DELAY_MS)
    expect(items.value).toEqual([])
  })
})

describe('moveActive', () => {
  it('moves down and up, wrapping at both ends', () => {
    expect(moveActive(-1, 3, 'ArrowDown')).toBe(0)
    expect(moveActive(0, 3, 'ArrowDown')).toBe(1)
    expect(moveActive(2, 3, 'ArrowDown')).toBe(0)
    expect(moveActive(-1, 3, 'ArrowUp')).toBe(2)
    expect(moveActive(0, 3, 'ArrowUp')).toBe(2)
    expect(moveActive(2, 3, 'ArrowUp')).toBe(1)
    expect(moveActive(0, 0, 'ArrowDown')).toBe(-1)
  })
})
