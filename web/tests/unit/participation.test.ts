import { describe, expect, it } from 'vitest'

import { emptyDraft, responseBody, unanswered } from '@/portal/participation/answers'
import { percentText, shares } from '@/portal/participation/results'

const question = (answered: number, counts: number[]) => ({
  id: 'q1',
  kind: 'multi' as const,
  title: '您最关心哪些方面？',
  answered,
  options: counts.map((count, n) => ({ key: String(n + 1), label: `选项${n + 1}`, count })),
})

describe('survey results', () => {
  it('gives each option its share of the people who answered, to one decimal', () => {
    const result = shares(question(3, [2, 1, 0]))
    expect(result.map((s) => s.percent)).toEqual([66.7, 33.3, 0])
    expect(percentText(result[0].percent)).toBe('66.7%')
  })

  it('shares of a multi-choice question may add up to more than 100%', () => {
    const total = shares(question(2, [2, 2])).reduce((sum, s) => sum + s.percent, 0)
    expect(total).toBe(200)
  })

  it('a question nobody answered shows 0%, not NaN', () => {
    expect(shares(question(0, [0, 0])).map((s) => s.percent)).toEqual([0, 0])
  })
})

const questions = [
  { id: 'a', position: 1, kind: 'single' as const, title: '满意吗', required: true, options: [] },
  { id: 'b', position: 2, kind: 'multi' as const, title: '关心什么', required: true, options: [] },
  { id: 'c', position: 3, kind: 'text' as const, title: '建议', required: false, options: [] },
]

describe('survey answers', () => {
  it('names the required questions still unanswered', () => {
    const draft = emptyDraft(questions)
    expect(unanswered(questions, draft)).toEqual(['a', 'b'])
    draft.options.a = ['1']
    expect(unanswered(questions, draft)).toEqual(['b'])
  })

  it('sends only what was answered, text trimmed', () => {
    const draft = emptyDraft(questions)
    draft.options.a = ['2']
    draft.options.b = ['1', '3']
    draft.text.c = '  多建停车位 '
    expect(responseBody(questions, draft).answers).toEqual([
      { question_id: 'a', options: ['2'] },
      { question_id: 'b', options: ['1', '3'] },
      { question_id: 'c', text: '多建停车位' },
    ])
    draft.text.c = '   '
    expect(responseBody(questions, draft).answers).toHaveLength(2)
  })
})
