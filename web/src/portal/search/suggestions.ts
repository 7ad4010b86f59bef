// The search box's suggestions: asked for SUGGEST_DELAY_MS after the last keystroke, the
// previous request aborted (a slow answer for "gj" never replaces the one for "gjj"), and the
// listbox's active option moved by the arrow keys as the WAI-ARIA combobox pattern does.
import { ref, type Ref } from 'vue'

export const SUGGEST_DELAY_MS = 150

export type SuggestFetcher = (text: string, signal: AbortSignal) => Promise<string[]>

export interface Suggestions {
  items: Ref<string[]>
  /** Ask for `text`'s suggestions after the delay; an empty text clears them at once. */
  request: (text: string) => void
  /** Forget any pending or running request and the suggestions shown. */
  clear: () => void
}

export function useSuggestions(fetcher: SuggestFetcher, delay = SUGGEST_DELAY_MS): Suggestions {
  const items = ref<string[]>([])
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: AbortController | undefined

  function stop(): void {
    clearTimeout(timer)
    running?.abort()
    running = undefined
  }

  function request(text: string): void {
    stop()
    const wanted = text.trim()
    if (!wanted) {
      items.value = []
      return
    }
    timer = setTimeout(async () => {
      const mine = (running = new AbortController())
      try {
        const found = await fetcher(wanted, mine.signal)
        if (!mine.signal.aborted) items.value = found
      } catch {
        // Suggestions are a convenience: a failed request shows none, never an error.
        if (!mine.signal.aborted) items.value = []
      }
    }, delay)
  }

  function clear(): void {
    stop()
    items.value = []
  }

  return { items, request, clear }
}

/** The active option after an arrow key: down from the last (or none) wraps to the first,
 * up from the first (or none) to the last; -1 when there are no options. */
export function moveActive(active: number, count: number, key: 'ArrowDown' | 'ArrowUp'): number {
  if (count <= 0) return -1
  if (key === 'ArrowDown') return active < 0 || active >= count - 1 ? 0 : active + 1
  return active <= 0 ? count - 1 : active - 1
}
