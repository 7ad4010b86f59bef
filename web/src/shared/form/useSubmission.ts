// The life of a form's submission: what is missing is said before anything is sent; what
// the service refuses lands at the fields it names (a 422's errors[]) or, for anything
// else, in the summary; the summary takes focus either way.
import { nextTick, ref, useTemplateRef } from 'vue'

import { describeError, fieldErrors } from '../errors'

export function useSubmission() {
  const errors = ref<Record<string, string>>({})
  const failure = ref('')
  const busy = ref(false)
  // The form's <ErrorSummary ref="summary">.
  const summary = useTemplateRef<{ focus: () => void }>('summary')

  async function announce(): Promise<void> {
    await nextTick()
    summary.value?.focus()
  }

  /** Runs `send` unless `missing` names a field; true when it went through. */
  async function submit(missing: Record<string, string>, send: () => Promise<void>): Promise<boolean> {
    if (busy.value) return false // a double click sends once
    failure.value = ''
    errors.value = missing
    if (Object.keys(missing).length) {
      await announce()
      return false
    }
    busy.value = true
    try {
      await send()
      return true
    } catch (caught) {
      errors.value = fieldErrors(caught)
      if (!Object.keys(errors.value).length) failure.value = describeError(caught)
      await announce()
      return false
    } finally {
      busy.value = false
    }
  }

  return { errors, failure, busy, submit }
}
