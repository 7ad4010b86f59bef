// The site being read and its column tree, loaded once per site and shared by every page.
import { defineStore } from 'pinia'
import { ref } from 'vue'

import { api, unwrap, type Schemas } from '@/shared/api/client'

export type Site = Schemas['content_SiteOut']
export type ColumnNode = Schemas['content_ColumnNode']

export const useSiteStore = defineStore('site', () => {
  const site = ref<Site | null>(null)
  const columns = ref<ColumnNode[]>([])
  const error = ref<unknown>(null)
  let loading: Promise<void> | null = null
  let loadedCode = ''

  async function load(code: string): Promise<void> {
    if (loadedCode === code && site.value) return
    if (loading && loadedCode === code) return loading
    loadedCode = code
    error.value = null
    loading = (async () => {
      try {
        const path = { site_code: code }
        const [found, tree] = await Promise.all([
          unwrap(api.GET('/api/content/sites/{code}', { params: { path: { code } } })),
          unwrap(api.GET('/api/content/sites/{site_code}/columns', { params: { path } })),
        ])
        site.value = found
        columns.value = tree
        document.title = found.name
      } catch (caught) {
        site.value = null
        columns.value = []
        error.value = caught
      } finally {
        loading = null
      }
    })()
    return loading
  }

  function findColumn(code: string, nodes: ColumnNode[] = columns.value): ColumnNode | null {
    for (const node of nodes) {
      if (node.code === code) return node
      const below = findColumn(code, node.children ?? [])
      if (below) return below
    }
    return null
  }

  /** The columns from the top down to `code` (for breadcrumbs). */
  function trail(code: string, nodes: ColumnNode[] = columns.value): ColumnNode[] {
    for (const node of nodes) {
      if (node.code === code) return [node]
      const below = trail(code, node.children ?? [])
      if (below.length) return [node, ...below]
    }
    return []
  }

  return { site, columns, error, load, findColumn, trail }
})
