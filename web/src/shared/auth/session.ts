// The signed-in person. The access token lives in memory only (token.ts); the refresh
// token is in the gateway's httpOnly cookie, so no script can read either from storage.
// A marker in localStorage says only "this browser has a session", so anonymous visitors do
// not call /auth/refresh on every page.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { api, unwrap, type Schemas } from '../api/client'
import { currentAccessToken, setAccessToken } from './token'

export type User = Schemas['UserOut']

const MARKER = 'gov.session'
// Refresh this long before the access token expires.
const EARLY_SECONDS = 60

let refreshTimer: ReturnType<typeof setTimeout> | undefined
let refreshing: Promise<boolean> | null = null

function remember(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(MARKER, '1')
    else localStorage.removeItem(MARKER)
  } catch {
    // storage refused (private mode): the session still works for this page
  }
}

function hasMarker(): boolean {
  try {
    return localStorage.getItem(MARKER) === '1'
  } catch {
    return false
  }
}

export const useSession = defineStore('session', () => {
  const user = ref<User | null>(null)
  const restored = ref(false)
  const signedIn = computed(() => user.value !== null)

  function adopt(token: string, expiresIn: number): void {
    setAccessToken(token)
    clearTimeout(refreshTimer)
    const wait = Math.max(expiresIn - EARLY_SECONDS, 10) * 1000
    refreshTimer = setTimeout(() => void refresh(), wait)
  }

  function forget(): void {
    setAccessToken(null)
    clearTimeout(refreshTimer)
    user.value = null
    remember(false)
  }

  async function loadUser(): Promise<void> {
    user.value = await unwrap(api.GET('/auth/me'))
  }

  /** A new access token from the cookie; false when the session has ended. */
  function refresh(): Promise<boolean> {
    refreshing ??= (async () => {
      try {
        const pair = await unwrap(api.POST('/auth/refresh', {}))
        adopt(pair.access_token, pair.expires_in)
        if (!user.value) await loadUser()
        remember(true)
        return true
      } catch {
        forget()
        return false
      } finally {
        refreshing = null
      }
    })()
    return refreshing
  }

  /** Once per page load: pick up the session this browser already has. */
  async function restore(): Promise<void> {
    if (restored.value) return
    if (hasMarker() && !currentAccessToken()) await refresh()
    restored.value = true
  }

  async function login(username: string, password: string): Promise<void> {
    const pair = await unwrap(
      api.POST('/auth/login', { body: { username, password, session: 'cookie' } }),
    )
    adopt(pair.access_token, pair.expires_in)
    await loadUser()
    remember(true)
    restored.value = true
  }

  async function logout(): Promise<void> {
    try {
      await api.POST('/auth/logout', {})
    } finally {
      forget()
    }
  }

  return { user, signedIn, restored, restore, login, logout, refresh }
})
