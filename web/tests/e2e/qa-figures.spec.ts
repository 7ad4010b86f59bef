// 智能问答, 人生事件 and 12345 in public figures: an answer with its source and confidence, an
// honest "don't know" that offers to write to 12345 with the question, a life event's steps in
// order, and the figures with their table. Every page checked with axe-core.
import { expect, test } from '@playwright/test'

import { expectAccessible, screenshot } from './support'

test('a question with a good answer shows the answer, its source and the confidence', async ({ page }, info) => {
  await page.goto('/portal/')
  await page.getByRole('navigation', { name: '服务入口' }).getByRole('link', { name: '智能问答' }).click()
  await expect(page.getByRole('heading', { level: 1, name: '智能问答' })).toBeVisible()
  await page.getByLabel('您的问题').fill('养牛有补贴吗')
  await page.getByLabel('您的问题').press('Enter')
  await expect(page).toHaveURL(/\/portal\/ask\?q=/)
  const answer = page.getByRole('region', { name: '回答' })
  await expect(answer).toBeVisible()
  await expect(answer).toContainText('养牛')
  await expect(answer).toContainText(/可信程度.*\d+%/)
  const source = answer.getByRole('link', { name: /^知识问答：/ })
  await expect(source).toHaveAttribute('href', /\/portal\/knowledge\//)
  await expectAccessible(page)
  await screenshot(page, info, 'ask')
  await source.click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('养牛')
})

test('an empty question is explained at the field and in the summary', async ({ page }) => {
  await page.goto('/portal/ask')
  await page.getByRole('button', { name: '提问' }).click()
  await expect(page.getByRole('alert')).toContainText('请输入您的问题')
  await expect(page.getByLabel('您的问题')).toHaveAttribute('aria-invalid', 'true')
})

test('a nonsense question says it does not know and the 写信 link carries the question', async ({ page }) => {
  const question = '火星移民签证去哪办'
  await page.goto(`/portal/ask?q=${encodeURIComponent(question)}`)
  const unknown = page.getByRole('region', { name: '暂时没有找到可靠的答案' })
  await expect(unknown).toContainText('不知道')
  await expect(page.getByRole('region', { name: '回答' })).toHaveCount(0)
  const write = unknown.getByRole('link', { name: '写信给 12345' })
  const href = new URL((await write.getAttribute('href')) ?? '', 'http://x')
  expect(href.pathname).toBe('/portal/letters/new')
  expect(href.searchParams.get('title')).toBe(question)
  expect(href.searchParams.get('content')).toBe(question)
  await expectAccessible(page)
})

test('a life event lists its next steps in order, with links to the service pages', async ({ page }, info) => {
  await page.goto('/portal/')
  await page.getByRole('navigation', { name: '服务入口' }).getByRole('link', { name: '人生事件' }).click()
  await expect(page.getByRole('heading', { level: 1, name: '人生事件' })).toBeVisible()
  await expect(page.getByRole('link', { name: '高校毕业生报到' })).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('link', { name: '新生儿出生' }).click()
  await expect(page.getByRole('heading', { level: 1, name: '新生儿出生' })).toBeVisible()
  const steps = page.locator('.life-event-steps > li h3')
  await expect(steps).toHaveText(['领取出生医学证明', '办理户口登记', '预防接种建卡', '参加城乡居民医疗保险', '申领社会保障卡'])
  const hukou = page.locator('.life-event-steps > li').nth(1)
  await expect(hukou).toContainText('事件发生后 30 天内办理')
  const service = hukou.getByRole('link', { name: '新生儿落户' })
  await expect(service).toHaveAttribute('href', /\/portal\/items\//)
  await expectAccessible(page)
  await screenshot(page, info, 'life-event')
  await service.click()
  await expect(page.getByRole('heading', { level: 1, name: '新生儿落户' })).toBeVisible()
})

test('the 12345 figures show the numbers, bars and a table of the same numbers', async ({ page }, info) => {
  await page.goto('/portal/')
  await page.getByRole('navigation', { name: '服务入口' }).getByRole('link', { name: '12345 数据公开' }).click()
  await expect(page.getByRole('heading', { level: 1, name: '12345 热线数据公开' })).toBeVisible()
  const tiles = page.locator('.figure-tiles')
  await expect(tiles).toContainText(/近 30 天受理量\s*\d+ 件/)
  await expect(tiles).toContainText(/按时答复率\s*[\d.]+%/)
  await expect(tiles).toContainText(/满意率\s*[\d.]+%/)
  const monthly = page.getByRole('region', { name: '近 12 个月受理与答复' })
  await expect(monthly.locator('svg rect')).toHaveCount(24)
  await expect(monthly.getByRole('table').locator('tbody tr')).toHaveCount(12)
  const categories = page.getByRole('region', { name: /诉求分类/ }).getByRole('table')
  await expect(categories.locator('tbody tr').first()).toBeVisible()
  await expect(categories.locator('tbody tr').first().getByRole('rowheader')).not.toBeEmpty()
  await expectAccessible(page)
  await screenshot(page, info, 'figures')
  // The daily table behind its summary adds up to the 30-day total.
  const daily = page.getByRole('region', { name: '近 30 天每日受理与答复' })
  await daily.getByText('查看每日数据表').click()
  const rows = daily.getByRole('table').locator('tbody tr')
  await expect(rows).toHaveCount(30)
  const received = await rows.evaluateAll((trs) => trs.reduce((n, tr) => n + Number(tr.children[1].textContent), 0))
  await expect(tiles).toContainText(`近 30 天受理量${received} 件`)
  await expectAccessible(page)
})
