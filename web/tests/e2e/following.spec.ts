// 我的订阅 (千人千网: follow tags by name, the feed they make) and an enterprise's
// 政策找企业 notices with why it qualifies.
import { expect, test, type Page } from '@playwright/test'

import { expectAccessible, screenshot } from './support'

async function signIn(page: Page, next: string, username: string): Promise<void> {
  await page.goto(`/portal/login?next=${encodeURIComponent(next)}`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill('Gov@2026demo')
  await page.getByRole('button', { name: '登录', exact: true }).click()
}

test('我的订阅: follow topics by name and get a feed for them', async ({ page }, info) => {
  await signIn(page, '/portal/my/subscriptions', 'citizen_demo')
  await expect(page.getByRole('heading', { level: 1, name: '我的订阅' })).toBeVisible()
  const lifecycle = page.getByRole('group', { name: /人生事件/ })
  await expect(lifecycle.getByRole('checkbox').first()).toBeVisible()
  const labels = await page.locator('.follow-form .choice').allInnerTexts()
  expect(labels.length).toBeGreaterThan(10)
  for (const label of labels) expect(label.trim()).toMatch(/[\u4e00-\u9fa5]/) // names, not codes

  // Whatever was followed before, follow exactly two topics.
  const checked = page.locator('.follow-form input[type=checkbox]:checked')
  while ((await checked.count()) > 0) await checked.first().uncheck()
  const boxes = page.locator('.follow-form input[type=checkbox]')
  await boxes.nth(0).check()
  await boxes.nth(1).check()
  await page.getByRole('button', { name: '保存订阅' }).click()
  await expect(page.getByRole('status')).toHaveText('已保存，您关注了 2 个主题。')
  const feed = page.getByRole('region', { name: '为您推荐' })
  await expect(feed.getByRole('heading', { name: '猜你想看' })).toBeVisible()
  await expect(feed.getByRole('heading', { name: '猜你想办' })).toBeVisible()
  await page.reload()
  await expect(page.locator('.follow-form input[type=checkbox]:checked')).toHaveCount(2)
  await expectAccessible(page)
  await screenshot(page, info, 'subscriptions')
})

test('政策找企业: an enterprise sees its notices with why it qualifies', async ({ page, request }, info) => {
  await signIn(page, '/portal/account', 'enterprise_demo')
  await page.getByRole('link', { name: '我的政策通知' }).click()
  await expect(page.getByRole('heading', { level: 1, name: '我的政策通知' })).toBeVisible()
  const first = page.locator('.notice-card').first()
  await expect(first).toBeVisible()
  await expect(first.getByRole('heading', { name: '本企业符合的条件' })).toBeVisible()
  await expect(first.locator('.notice-card__reasons li').first()).toBeVisible()
  await expect(first).not.toContainText('{') // conditions in words, never JSON
  await expect(first.getByRole('link').first()).toHaveAttribute('href', /\/portal\/policies\//)
  await expectAccessible(page)
  await screenshot(page, info, 'notices')
  const unread = page.locator('.notice-card__unread')
  const more = page.getByRole('button', { name: '加载更多' })
  // The demo's enterprise has unread notices; on a devstack used before, further down.
  while ((await unread.count()) === 0 && (await more.isVisible())) {
    const shown = await page.locator('.notice-card').count()
    await more.click()
    await expect(page.locator('.notice-card')).not.toHaveCount(shown)
  }
  const before = await unread.count()
  expect(before).toBeGreaterThan(0)
  const card = page.locator('.notice-card').filter({ has: unread }).first()
  const id = (await card.getAttribute('aria-labelledby'))!.replace('notice-', '')
  await card.getByRole('button', { name: '标为已读' }).click()
  await expect(unread).toHaveCount(before - 1)
  // Kept by the service, not just the page.
  const login = await request.post('/auth/login', { data: { username: 'enterprise_demo', password: 'Gov@2026demo' } })
  const headers = { Authorization: `Bearer ${(await login.json()).access_token}` }
  const inbox = await (await request.get('/api/policy/notices/me?limit=100', { headers })).json()
  expect(inbox.items.find((n: { id: string }) => n.id === id).read_at).not.toBeNull()
})

test('政府信息公开目录: browse by 主题, 发布机构 and 年份, paged', async ({ page }, info) => {
  await page.goto('/portal/')
  await page.getByRole('navigation', { name: '服务入口' }).getByRole('link', { name: '政府信息公开目录' }).click()
  await expect(page.getByRole('heading', { level: 1, name: '政府信息公开目录' })).toBeVisible()
  const total = page.locator('.search-total')
  await expect(total).toHaveText(/^共 \d+ 条公开信息$/)
  const all = Number((await total.innerText()).match(/\d+/)![0])
  expect(all).toBeGreaterThan(0)
  const bodies = page.getByRole('navigation', { name: '发布机构' })
  await expect(bodies.getByRole('button').nth(1)).toBeVisible()
  await bodies.getByRole('button').nth(1).click()
  await expect(bodies.getByRole('button', { pressed: true })).not.toHaveText('全部')
  const rows = page.locator('.letters-table tbody tr')
  await expect(rows.first()).toBeVisible()
  const body = (await bodies.getByRole('button', { pressed: true }).innerText()).replace(/（\d+）$/, '')
  for (const cell of await rows.locator('td:nth-child(2)').allInnerTexts()) expect(cell).toBe(body)
  await expectAccessible(page)
  await screenshot(page, info, 'disclosure-catalogue')
  await rows.first().getByRole('link').click()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(page).toHaveURL(/\/portal\/items\//)
})
