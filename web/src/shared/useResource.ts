// One way every view loads what it shows: the value, whether it is loading, what failed, and
// `load` to try again; reloaded when any of `sources` changes.
import { ref, watch, type Ref, type WatchSource } from 'vue'

export interface Resource<T> {
  data: Ref<T | null>
  loading: Ref<boolean>
  error: Ref<unknown>
  load: () => Promise<void>
}

export function useResource<T>(
  fetch: () => Promise<T>,
  sources: WatchSource[] = [],
  onLoaded?: (value: T) => void,
): Resource<T> {
  const data = ref<T | null>(null) as Ref<T | null>
  const loading = ref(true)
  const error = ref<unknown>(null)

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      data.value = await fetch()
      onLoaded?.(data.value)
    } catch (caught) {
      data.value = null
      error.value = caught
    } finally {
      loading.value = false
    }
  }
  watch(sources, load, { immediate: true })
  return { data, loading, error, load }
}
