// Small pure helpers of 智能问答, unit-tested in tests/unit/ask.test.ts.

/** 0.867 → "87%"; clamped to 0–100. */
export function percent(rate: number | null | undefined): string {
  const value = Math.min(1, Math.max(0, Number(rate) || 0))
  return `${Math.round(value * 100)}%`
}

const TITLE_MAX = 100

/** What the letter form receives: the question as its title (shortened at a character, not a
 * UTF-16 half) and whole as its content. */
export function letterQuery(question: string): { title: string; content: string } {
  const text = question.trim()
  const chars = Array.from(text)
  const title = chars.length > TITLE_MAX ? `${chars.slice(0, TITLE_MAX - 1).join('')}…` : text
  return { title, content: text }
}
