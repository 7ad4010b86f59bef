// Portal speed figures for `make bench` (tests/bench/bench_portal.py runs this against a
// devstack): home, an item, a column and the search page in Debian's Chromium, cold (a fresh
// browser context, empty cache) and warm (the same page again in that context), median of
// RUNS; the JavaScript each page loads, gzip-compressed, from web/dist; and, when
// node_modules has it, Lighthouse 12.2.3's performance and accessibility scores for home and
// an item (mobile preset = Lighthouse's default throttling, and the desktop preset).
// Figures only, no assertions. Not a Playwright test: `npx playwright test` never sees it.
//   BASE_URL=http://127.0.0.1:8000 node tests/bench/portal-speed.mjs   → JSON on stdout
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

import { chromium } from '@playwright/test'

const BASE = (process.env.BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/$/, '')
const RUNS = Number(process.env.RUNS ?? 5)
const SITE = 'portal'
const DIST = new URL('../../dist/', import.meta.url).pathname
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const FLAGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

async function json(path) {
  const r = await fetch(BASE + path)
  if (!r.ok) throw new Error(`${path}: ${r.status}`)
  return r.json()
}

async function pages() {
  const items = (await json(`/api/content/sites/${SITE}/items?page_size=20`)).items
  const item = items.find((i) => i.kind === 'article') ?? items[0]
  const columns = await json(`/api/content/sites/${SITE}/columns`)
  const leaf = (c) => (c.children?.length ? leaf(c.children[0]) : c)
  return {
    home: `/${SITE}/`,
    item: `/${SITE}/items/${item.id}`,
    column: `/${SITE}/columns/${leaf(columns[0]).code}`,
    search: `/${SITE}/search?q=${encodeURIComponent('政策')}`,
  }
}

// Registered before any page script: the last largest-contentful-paint candidate and the
// layout shifts not caused by input (their sum is the page's CLS, one load = one window).
function observePaint() {
  window.__lcp = 0
  window.__cls = 0
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__lcp = e.startTime
  }).observe({ type: 'largest-contentful-paint', buffered: true })
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value
  }).observe({ type: 'layout-shift', buffered: true })
}

function readTimings() {
  const nav = performance.getEntriesByType('navigation')[0]
  const fcp = performance.getEntriesByName('first-contentful-paint')[0]
  const resources = performance.getEntriesByType('resource')
  const all = [nav, ...resources]
  return {
    ttfb_ms: nav.responseStart - nav.startTime,
    fcp_ms: fcp ? fcp.startTime : null,
    lcp_ms: window.__lcp || null,
    cls: window.__cls,
    dcl_ms: nav.domContentLoadedEventEnd - nav.startTime,
    load_ms: nav.loadEventEnd - nav.startTime,
    requests: all.length,
    transferred_kb: all.reduce((s, e) => s + (e.transferSize || 0), 0) / 1024,
    scripts: resources.filter((e) => new URL(e.name).pathname.endsWith('.js')).map((e) => e.name),
  }
}

async function measure(context, url) {
  const page = await context.newPage()
  await page.goto(BASE + url, { waitUntil: 'networkidle' })
  await page.waitForTimeout(300) // LCP settles after the last render
  const t = await page.evaluate(readTimings)
  await page.close()
  return t
}

const median = (xs) => {
  const s = xs.filter((x) => x !== null).sort((a, b) => a - b)
  if (!s.length) return null
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const round = (x, d = 0) => (x === null ? null : Number(x.toFixed(d)))

function gzipKb(scriptUrls) {
  let bytes = 0
  const files = []
  for (const u of new Set(scriptUrls)) {
    const path = DIST + new URL(u).pathname.replace(/^\//, '')
    if (!existsSync(path)) continue
    const gz = existsSync(`${path}.gz`)
      ? readFileSync(`${path}.gz`).length
      : gzipSync(readFileSync(path), { level: 9 }).length
    bytes += gz
    files.push(new URL(u).pathname.split('/').pop())
  }
  return { js_gzip_kb: round(bytes / 1024, 1), js_files: files.length }
}

function lighthouse(url, preset) {
  const bin = new URL('../../node_modules/.bin/lighthouse', import.meta.url).pathname
  if (!existsSync(bin)) return null
  const args = [
    BASE + url,
    '--only-categories=performance,accessibility',
    '--output=json',
    '--output-path=stdout',
    '--quiet',
    `--chrome-flags=--headless=new --no-sandbox ${FLAGS.join(' ')}`,
  ]
  if (preset === 'desktop') args.push('--preset=desktop')
  const out = execFileSync(bin, args, {
    env: { ...process.env, CHROME_PATH: CHROMIUM },
    maxBuffer: 64 * 1024 * 1024,
  })
  const r = JSON.parse(out)
  const a = (id) => r.audits[id].numericValue
  return {
    performance: Math.round(r.categories.performance.score * 100),
    accessibility: Math.round(r.categories.accessibility.score * 100),
    fcp_ms: round(a('first-contentful-paint')),
    lcp_ms: round(a('largest-contentful-paint')),
    tbt_ms: round(a('total-blocking-time')),
    cls: round(a('cumulative-layout-shift'), 3),
  }
}

const KEYS = ['ttfb_ms', 'fcp_ms', 'lcp_ms', 'cls', 'dcl_ms', 'load_ms', 'requests']
KEYS.push('transferred_kb')
const DIGITS = { cls: 3, transferred_kb: 1 }

async function main() {
  const routes = await pages()
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS })
  const result = { base_url: BASE, runs: RUNS, viewport: '1366×768, no throttling', pages: {} }
  try {
    for (const [name, url] of Object.entries(routes)) {
      const cold = []
      const warm = []
      for (let i = 0; i < RUNS; i++) {
        const context = await browser.newContext({
          viewport: { width: 1366, height: 768 },
          locale: 'zh-CN',
        })
        await context.addInitScript(observePaint)
        cold.push(await measure(context, url))
        warm.push(await measure(context, url))
        await context.close()
      }
      const summary = (runs) =>
        Object.fromEntries(
          KEYS.map((k) => [k, round(median(runs.map((r) => r[k])), DIGITS[k] ?? 0)]),
        )
      result.pages[name] = {
        url,
        cold: summary(cold),
        warm: summary(warm),
        ...gzipKb(cold.flatMap((r) => r.scripts)),
      }
    }
  } finally {
    await browser.close()
  }
  if (process.env.LIGHTHOUSE !== '0') {
    result.lighthouse = {}
    for (const name of ['home', 'item']) {
      result.lighthouse[name] = {
        mobile: lighthouse(routes[name], 'mobile'),
        desktop: lighthouse(routes[name], 'desktop'),
      }
    }
  }
  process.stdout.write(JSON.stringify(result) + '\n')
}

await main()
