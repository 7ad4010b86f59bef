// What the form checks before sending (the service checks the same and more): the fields
// that must be there and be long enough, and a phone the hotline can call back.
import { messages } from '../messages'

const m = messages.write
export const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/
export const MAX_PHOTOS = 9

export interface LetterDraft {
  kind: string
  title: string
  content: string
  citizen_name: string
  citizen_phone: string
  address: string
  category: string
}

export function missingFields(draft: LetterDraft, photos: number): Record<string, string> {
  const problems: Record<string, string> = {}
  if (!draft.kind) problems.kind = m.required(m.kind)
  const title = draft.title.trim()
  if (!title) problems.title = m.required(m.letterTitle)
  else if (title.length < 2) problems.title = m.tooShort(m.letterTitle, 2)
  const content = draft.content.trim()
  if (!content) problems.content = m.required(m.content)
  else if (content.length < 5) problems.content = m.tooShort(m.content, 5)
  const phone = draft.citizen_phone.trim()
  if (!phone) problems.citizen_phone = m.required(m.phone)
  else if (!PHONE.test(phone)) problems.citizen_phone = m.phoneInvalid
  if (photos > MAX_PHOTOS) problems.photos = m.tooManyPhotos
  return problems
}

/** A fresh Idempotency-Key: one per letter, so a double click or a retry makes one ticket. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
