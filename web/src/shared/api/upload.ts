// A file upload that reports its progress. fetch() cannot tell how much of a request body
// has been sent, so this one call goes through XMLHttpRequest; its path is checked against
// the generated API's paths like every other call.
import { ApiError, type Problem } from './client'
import type { paths } from './schema'
import { currentAccessToken } from '../auth/token'

type UploadPath = {
  [P in keyof paths]: paths[P] extends { post: { requestBody?: { content: { 'multipart/form-data': unknown } } } }
    ? P
    : never
}[keyof paths]

export function upload(
  path: UploadPath,
  params: Record<string, string>,
  form: FormData,
  onProgress: (fraction: number) => void,
): Promise<unknown> {
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''))
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest()
    request.open('POST', url)
    const token = currentAccessToken()
    if (token) request.setRequestHeader('Authorization', `Bearer ${token}`)
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total)
    }
    request.onload = () => {
      let body: unknown = null
      try {
        body = JSON.parse(request.responseText)
      } catch {
        body = null
      }
      if (request.status >= 200 && request.status < 300) {
        onProgress(1)
        resolve(body)
      } else {
        const retry = Number(request.getResponseHeader('Retry-After'))
        reject(new ApiError(request.status, (body as Problem | null) ?? {}, retry > 0 ? retry : null))
      }
    }
    request.onerror = () =>
      reject(new ApiError(0, { title: '网络连接失败', detail: '网络连接失败，请检查网络后重试。' }))
    request.send(form)
  })
}
