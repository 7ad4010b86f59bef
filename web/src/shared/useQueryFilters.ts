// Filters and paging kept in the address (so a filtered list can be linked and reloaded):
// the chosen value of a query parameter, and a way to change one that goes back to page 1.
import { computed, type ComputedRef } from 'vue'
import { useRoute, useRouter } from 'vue-router'

export function useQueryFilters() {
  const route = useRoute()
  const router = useRouter()

  function chosen(name: string): ComputedRef<string | undefined> {
    return computed(() => (route.query[name] ? String(route.query[name]) : undefined))
  }

  const page = computed(() => Math.max(1, Number(route.query.page) || 1))

  function filter(name: string, value: string | undefined): void {
    const query: Record<string, string> = { ...(route.query as Record<string, string>) }
    delete query.page
    if (value) query[name] = value
    else delete query[name]
    void router.push({ query })
  }

  function goTo(to: number): void {
    void router.push({ query: { ...route.query, page: String(to) } })
  }

  return { chosen, page, filter, goTo }
}
