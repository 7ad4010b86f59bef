// A survey form's state → the answer set the API takes, and which required questions are
// still unanswered (checked before sending, as the API would).
import type { Schemas } from '@/shared/api/client'

type Question = Schemas['content_QuestionOut']

/** Per question id: the chosen option keys (single: one at most) or the text typed. */
export interface Draft {
  options: Record<string, string[]>
  text: Record<string, string>
}

export function emptyDraft(questions: Question[]): Draft {
  const draft: Draft = { options: {}, text: {} }
  for (const q of questions) {
    if (q.kind === 'text') draft.text[q.id] = ''
    else draft.options[q.id] = []
  }
  return draft
}

export function unanswered(questions: Question[], draft: Draft): string[] {
  return questions
    .filter((q) => q.required)
    .filter((q) => (q.kind === 'text' ? !draft.text[q.id]?.trim() : !draft.options[q.id]?.length))
    .map((q) => q.id)
}

export function responseBody(questions: Question[], draft: Draft): Schemas['content_ResponseIn'] {
  const answers: Schemas['content_AnswerIn'][] = []
  for (const q of questions) {
    if (q.kind === 'text') {
      const text = draft.text[q.id]?.trim()
      if (text) answers.push({ question_id: q.id, text })
    } else if (draft.options[q.id]?.length) {
      answers.push({ question_id: q.id, options: [...draft.options[q.id]] })
    }
  }
  return { answers }
}
