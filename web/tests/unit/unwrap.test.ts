import { describe, expect, it } from 'vitest'

import { ApiError, unwrap } from '@/shared/api/client'

function answer(status: number, data?: unknown, headers: Record<string, string> = {}) {
  const response = new Response(status === 204 ? null : '{}', { status, headers })
  return Promise.resolve(status < 400 ? { data, response } : { error: data, response })
}

describe('unwrap', () => {
  it('returns the data of a success', async () => {
    await expect(unwrap(answer(200, { a: 1 }))).resolves.toEqual({ a: 1 })
  })

  it('treats a 204 without a body as success', async () => {
    await expect(unwrap(answer(204))).resolves.toBeUndefined()
  })

  it('turns a problem into an ApiError with Retry-After', async () => {
    const failed = unwrap(answer(429, { detail: '请求过于频繁' }, { 'Retry-After': '7' }))
    await expect(failed).rejects.toBeInstanceOf(ApiError)
    await failed.catch((e: ApiError) => {
      expect(e.status).toBe(429)
      expect(e.retryAfter).toBe(7)
      expect(e.message).toBe('请求过于频繁')
    })
  })

  it('says the network failed when there is no answer', async () => {
    await unwrap(Promise.reject(new TypeError('fetch failed'))).catch((e: ApiError) => {
      expect(e.status).toBe(0)
      expect(e.problem.title).toBe('网络连接失败')
    })
  })
})
