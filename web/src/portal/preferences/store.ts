// 字号 and 适老化 (large text, high contrast, simpler layout): chosen once, remembered across
// visits, applied as classes on <html> so every page follows.
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'

export type FontSize = 'small' | 'medium' | 'large'
const KEY = 'gov-portal-preferences'

interface Saved {
  fontSize: FontSize
  elderMode: boolean
}

function load(): Saved {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Saved>
    const sizes: FontSize[] = ['small', 'medium', 'large']
    return {
      fontSize: sizes.includes(saved.fontSize as FontSize) ? (saved.fontSize as FontSize) : 'medium',
      elderMode: saved.elderMode === true,
    }
  } catch {
    return { fontSize: 'medium', elderMode: false }
  }
}

export const usePreferences = defineStore('preferences', () => {
  const saved = load()
  const fontSize = ref<FontSize>(saved.fontSize)
  const elderMode = ref(saved.elderMode)

  function apply(): void {
    const root = document.documentElement
    root.dataset.fontSize = fontSize.value
    root.classList.toggle('elder-mode', elderMode.value)
    localStorage.setItem(KEY, JSON.stringify({ fontSize: fontSize.value, elderMode: elderMode.value }))
  }
  watch([fontSize, elderMode], apply, { immediate: true })

  return { fontSize, elderMode }
})
