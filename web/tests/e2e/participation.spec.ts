// 政民互动: the index with each item's state and deadline, a closed solicitation with its
// public comments and 采纳情况, an open one asking to log in before commenting, a closed
// survey's results, an open survey keeping them back, an ended interview's Q&A.
// Every page type checked with axe-core.
import { expect, test, type Page } from '@playwright/test'

import { expectAccessible, screenshot } from './support'

const WASTE = '关于《江城市生活垃圾分类管理办法（征求意见稿）》公开征求意见的公告'
const DOGS = '关于《江城市养犬管理规定（征求意见稿）》公开征求意见的公告'
const TRANSIT = '2026年江城市公共交通出行满意度调查'
const SERVICE = '江城市政务服务满意度调查'
const HOUSING = '在线访谈：老旧小区改造惠民生'

async function openFromIndex(page: Page, section: string, title: string): Promise<void> {
  await page.goto('/portal/participation')
  await page.getByRole('region', { name: section }).getByRole('link', { name: title }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
}

test('政民互动 from the nav lists solicitations, surveys and interviews with state and deadline', async ({
  page,
}, info) => {
  await page.goto('/portal/')
  const nav = page.getByRole('navigation', { name: '栏目导航' })
  const toggle = nav.getByRole('button', { name: '栏目导航' })
  if (await toggle.isVisible()) await toggle.click() // folded on a phone
  await nav.getByRole('link', { name: '政民互动' }).click()
  await expect(page).toHaveURL(/\/portal\/participation$/)
  await expect(page.getByRole('heading', { level: 1, name: '政民互动' })).toBeVisible()
  const solicitations = page.getByRole('region', { name: '意见征集' })
  const waste = solicitations.getByRole('listitem').filter({ hasText: WASTE })
  await expect(waste).toContainText('已结束')
  await expect(waste).toContainText('截止时间：2026-09-30 23:59')
  await expect(solicitations.getByRole('listitem').filter({ hasText: DOGS })).toContainText('进行中')
  await expect(page.getByRole('region', { name: '在线调查' }).getByRole('link', { name: TRANSIT })).toBeVisible()
  await expect(page.getByRole('region', { name: '在线访谈' }).getByRole('link', { name: HOUSING })).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, info, 'participation')
})

test('a closed solicitation shows its draft, the masked public comments and the 采纳情况', async ({ page }) => {
  await openFromIndex(page, '意见征集', WASTE)
  await expect(page.getByRole('region', { name: '征求意见稿' })).toContainText('第一条')
  const feedback = page.getByRole('region', { name: '意见采纳情况' })
  await expect(feedback).toContainText('共收到意见 126 条，采纳 38 条。')
  const comments = page.getByRole('region', { name: '网友意见' })
  await expect(comments.getByRole('listitem')).toHaveCount(4)
  await expect(comments.getByRole('listitem').first()).toContainText('李**')
  await expect(page.getByText('征集已结束，不再接受意见。')).toBeVisible()
  await expect(page.getByRole('textbox', { name: '您的意见' })).toHaveCount(0)
  await expectAccessible(page)
})

test('an open solicitation asks to log in before commenting and comes back here', async ({ page }) => {
  await openFromIndex(page, '意见征集', DOGS)
  await expect(page.getByRole('region', { name: '网友意见' }).getByRole('listitem')).toHaveCount(3)
  await expect(page.getByRole('region', { name: '意见采纳情况' })).toHaveCount(0)
  const login = page.getByRole('link', { name: '登录后发表意见' })
  const here = new URL(page.url()).pathname
  const href = new URL((await login.getAttribute('href')) ?? '', page.url())
  expect(href.pathname).toBe('/portal/login')
  expect(href.searchParams.get('next')).toBe(here)
  await expectAccessible(page)

  // Signed in, the comment goes in and waits for review; the login brings the visitor back.
  await login.click()
  await page.getByLabel('用户名').fill('citizen_demo')
  await page.getByLabel('密码').fill('Gov@2026demo')
  await page.getByRole('button', { name: '登录', exact: true }).click()
  await expect(page).toHaveURL(new RegExp(`${here}$`))
  await page.getByRole('button', { name: '提交意见' }).click()
  await expect(page.locator('.error-summary')).toContainText('请输入您的意见')
  await page.getByLabel('您的意见').fill('建议在公园设置犬只活动区，并明确牵绳时段。')
  await page.getByRole('button', { name: '提交意见' }).click()
  await expect(page.getByText('您的意见已提交，审核通过后将公开显示。')).toBeVisible()
  await expect(page.getByRole('region', { name: '网友意见' }).getByRole('listitem')).toHaveCount(3) // not yet public
})

test('a closed survey shows its results as bars and a table', async ({ page }, info) => {
  await openFromIndex(page, '在线调查', TRANSIT)
  const results = page.getByRole('region', { name: '调查结果' })
  await expect(results).toContainText('共 63 份答卷')
  const first = results.getByRole('region', { name: /您日常出行最常使用的交通方式/ })
  await expect(first.getByRole('table')).toBeVisible()
  await expect(first.getByRole('row', { name: /公交/ })).toContainText('%')
  await expect(first.locator('.result-bars__fill')).toHaveCount(4)
  await expect(page.getByText('调查已结束，不再接受答卷。')).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, info, 'survey')
})

test('an open survey shows its questionnaire and keeps the results until it closes', async ({ page }) => {
  await openFromIndex(page, '在线调查', SERVICE)
  const questionnaire = page.getByRole('region', { name: '调查问卷' })
  await expect(questionnaire).toContainText('您对本市政务服务的总体评价是？')
  await expect(questionnaire).toContainText('非常满意')
  // Answering needs a login (the API takes no anonymous answer sets).
  await expect(page.getByRole('link', { name: '登录后参与调查' })).toBeVisible()
  await expect(page.getByText('调查结果将于 2026-12-31 23:59 调查截止后公布。')).toBeVisible()
  await expect(page.getByRole('table')).toHaveCount(0)
  await expectAccessible(page)
})

test('an ended interview shows its guests and the Q&A as answered', async ({ page }) => {
  await openFromIndex(page, '在线访谈', HOUSING)
  const guests = page.getByRole('region', { name: '访谈嘉宾' })
  await expect(guests).toContainText('市住建局副局长 李华')
  const qa = page.getByRole('region', { name: '访谈实录' }).getByRole('listitem')
  await expect(qa).toHaveCount(5)
  await expect(qa.first()).toContainText('我家小区建于1995年')
  await expect(qa.first()).toContainText('市住建局副局长 李华')
  await expect(qa.last()).toContainText('主持人')
  await expect(page.getByText('访谈已结束，不再接受提问。')).toBeVisible()
  await expectAccessible(page)
})
