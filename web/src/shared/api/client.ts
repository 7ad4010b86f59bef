// The only way pages reach the back end: a client typed from the gateway's merged OpenAPI
// (schema.d.ts, generated from the committed snapshot openapi.json: `npm run generate:api`).
import createClient from 'openapi-fetch'

import type { components, paths } from './schema'

export type Schemas = components['schemas']

export const api = createClient<paths>({ baseUrl: '' })

/** An RFC 9457 problem as the platform answers it: Chinese title/detail, a stable code. */
export interface Problem {
  title?: string
  detail?: string
  code?: string
  status?: number
  /** One per field that failed validation: `field` names it as the form does. */
  errors?: { field?: string; in?: string; code?: string; message?: string }[]
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly retryAfter: number | null = null,
  ) {
    super(problem.detail ?? problem.title ?? `请求失败（${status}）`)
  }
}

interface Answer<T> {
  data?: T
  error?: unknown
  response: Response
}

/** The answer's data, or an ApiError with what the person should be told. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>
  try {
    answer = await call
  } catch {
    throw new ApiError(0, { title: '网络连接失败', detail: '网络连接失败，请检查网络后重试。' })
  }
  const { data, error, response } = answer
  // A 204 has no body: openapi-fetch gives no data, and there is nothing more to return.
  if (response.ok && (data !== undefined || response.status === 204)) return data as T
  const retry = Number(response.headers.get('Retry-After'))
  throw new ApiError(
    response.status,
    (error as Problem | undefined) ?? {},
    Number.isFinite(retry) && retry > 0 ? retry : null,
  )
}
