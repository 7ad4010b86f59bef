// Survey results as people read them: each option's share of the people who answered the
// question, rounded to one decimal, so bars and the table agree.
import type { Schemas } from '@/shared/api/client'

export interface OptionShare {
  key: string
  label: string
  count: number
  /** 0–100, one decimal: the share of respondents to this question who chose it. */
  percent: number
}

export function shares(question: Schemas['content_QuestionResult']): OptionShare[] {
  const base = question.answered
  return question.options.map((o) => ({
    key: o.key,
    label: o.label,
    count: o.count,
    percent: base > 0 ? Math.round((o.count / base) * 1000) / 10 : 0,
  }))
}

export function percentText(percent: number): string {
  return `${percent.toFixed(1)}%`
}
