// A list read in keyset pages ("加载更多"): the first page through useResource (loading,
// error, retry), later pages appended; a failed later page is said, the list kept.
import { ref, type Ref, type WatchSource } from 'vue'

import { describeError } from './errors'
import { useResource } from './useResource'

interface CursorPage<T> {
  items: T[]
  next_cursor?: string | null
}

export function useCursorList<T>(
  fetchPage: (cursor: string | null) => Promise<CursorPage<T>>,
  sources: WatchSource[] = [],
) {
  const items = ref([]) as Ref<T[]>
  const cursor = ref<string | null>(null)
  const problem = ref('')
  const first = useResource(
    () => fetchPage(null),
    sources,
    (page) => {
      items.value = page.items
      cursor.value = page.next_cursor ?? null
    },
  )

  async function more(): Promise<void> {
    if (!cursor.value) return
    problem.value = ''
    try {
      const page = await fetchPage(cursor.value)
      items.value = [...items.value, ...page.items]
      cursor.value = page.next_cursor ?? null
    } catch (caught) {
      problem.value = describeError(caught)
    }
  }

  return { items, cursor, problem, first, more }
}
