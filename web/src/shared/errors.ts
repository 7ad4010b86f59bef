import { ApiError } from './api/client'
import { sharedMessages } from './messages'

/** What to tell a person about a failed request: the service's own Chinese detail where it
 * has one, else a message for the kind of failure; never a blank page. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return sharedMessages.failed
  if (error.status === 0) return sharedMessages.networkError
  if (error.status === 429) return sharedMessages.tooMany(error.retryAfter ?? 30)
  if (error.status === 404) return error.problem.detail ?? sharedMessages.notFound
  if (error.status >= 500) return sharedMessages.unavailable
  return error.problem.detail ?? error.problem.title ?? sharedMessages.failed
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404
}

/** A 422's field errors by field name, for messages next to the fields they name. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 422) return {}
  const found: Record<string, string> = {}
  for (const e of error.problem.errors ?? []) {
    if (e.field && e.message && !found[e.field]) found[e.field] = e.message
  }
  return found
}
