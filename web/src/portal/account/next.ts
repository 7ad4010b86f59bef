/** Where to go after signing in: a path of this portal only (`/xc-district/letters/new`),
 * never another origin (`//evil.example`, `https://…`), so a link cannot bounce people out. */
export function safeNext(next: unknown, fallback: string): string {
  const value = Array.isArray(next) ? next[0] : next
  if (typeof value !== 'string') return fallback
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback
  return value
}
