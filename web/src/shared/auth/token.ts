// The access token, in this module's memory only (never in storage a script could read
// later); every call of the generated client carries it.
import { api } from '../api/client'

let accessToken: string | null = null

export function currentAccessToken(): string | null {
  return accessToken
}

export function setAccessToken(token: string | null): void {
  accessToken = token
}

api.use({
  onRequest({ request }) {
    if (accessToken && !request.headers.has('Authorization')) {
      request.headers.set('Authorization', `Bearer ${accessToken}`)
    }
    return request
  },
})
