// Dates as Chinese government sites show them, always in Beijing time whatever the browser's zone.
const dateFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

const minuteFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** "2026-12-03 18:00" for an ISO timestamp, in Beijing time. */
export function minute(value: string | null | undefined): string {
  if (!value) return ''
  const parts = Object.fromEntries(
    minuteFormat.formatToParts(new Date(value)).map((p) => [p.type, p.value]),
  )
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
}

/** "2026-12-03" for an ISO timestamp or date. */
export function day(value: string | null | undefined): string {
  if (!value) return ''
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  const parts = Object.fromEntries(
    dateFormat.formatToParts(new Date(value)).map((p) => [p.type, p.value]),
  )
  return `${parts.year}-${parts.month}-${parts.day}`
}
