// A citizen reads the cluster's sites: home, column pages with 共 N 条 paging, an item page,
// 字号 and 适老化, the keyboard, a wrong address. Every page type checked with axe-core.
import { expect, test } from '@playwright/test'

import { expectAccessible, screenshot, siteNav } from './support'

test('the portal home shows the site, its columns, latest items and its identity block', async ({
  page,
}, info) => {
  await page.goto('/')
  await expect(page).toHaveURL(/\/portal\/$/)
  await expect(page.locator('.site-header__name')).toHaveText('江城市人民政府门户网站')
  const nav = await siteNav(page)
  await expect(nav.getByRole('link', { name: '信息公开' })).toBeVisible()
  await expect(nav.getByRole('link', { name: '优化营商环境' })).toBeVisible()
  // Latest items per column, each a link into the item page.
  const block = page.getByRole('region', { name: '信息公开' })
  await expect(block.getByRole('listitem').first()).toBeVisible()
  const footer = page.locator('footer')
  await expect(footer).toContainText('主办单位')
  await expect(footer).toContainText('江城市人民政府办公室')
  await expect(footer).toContainText(/网站标识码\s*3601000001/)
  await expect(footer).toContainText(/ICP备案号\s*赣ICP备/)
  await expect(footer.getByRole('link', { name: '政府网站找错' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await expectAccessible(page)
  await screenshot(page, info, 'home')
})

test('every site of the cluster has its own name, columns and identity', async ({ page }) => {
  await page.goto('/xc-district/')
  await expect(page.locator('.site-header__name')).toHaveText('新城区人民政府网站')
  await expect(page.locator('footer')).toContainText('新城区人民政府办公室')
  await expect(page).toHaveTitle('新城区人民政府网站')
  await expect(page.getByRole('region', { name: '信息公开' })).toBeVisible()
})

test('a topic column shows what other sites published (数据同源)', async ({ page }) => {
  await page.goto('/portal/columns/yshj')
  await expect(page.getByRole('heading', { level: 1, name: '优化营商环境' })).toBeVisible()
  await expect(page.locator('.item-list li').first()).toBeVisible()
})

test('a column pages the way government sites do: 共 N 条 第 x/y 页 and a jump box', async ({
  page,
}, info) => {
  await page.goto('/portal/columns/xxgk')
  await expect(page.getByRole('heading', { level: 1, name: '信息公开' })).toBeVisible()
  const summary = page.locator('.pager__summary')
  await expect(summary).toHaveText(/^共 \d+ 条 第 1\/\d+ 页$/)
  const [, total, pages] = (await summary.innerText()).match(/共 (\d+) 条 第 1\/(\d+) 页/) ?? []
  expect(Number(pages)).toBeGreaterThan(1)
  expect(Math.ceil(Number(total) / 15)).toBe(Number(pages))
  await expect(page.locator('.item-list li')).toHaveCount(15)
  const firstTitle = await page.locator('.item-list li a').first().innerText()

  await page.getByRole('button', { name: '下一页' }).click()
  await expect(page).toHaveURL(/page=2/)
  await expect(summary).toHaveText(`共 ${total} 条 第 2/${pages} 页`)
  await expect(page.locator('.item-list li a').first()).not.toHaveText(firstTitle)

  await page.getByLabel('跳转到第').fill('999')
  await page.getByRole('button', { name: '跳转' }).click()
  await expect(page.getByRole('alert')).toHaveText(`请输入 1 到 ${pages} 之间的页码`)
  await page.getByLabel('跳转到第').fill(pages)
  await page.getByRole('button', { name: '跳转' }).click()
  await expect(summary).toHaveText(`共 ${total} 条 第 ${pages}/${pages} 页`)
  await expect(page.getByRole('button', { name: '下一页' })).toBeDisabled()
  await expectAccessible(page)
  await screenshot(page, info, 'column')
})

test('an item shows its disclosure elements, body, links and breadcrumbs, and prints', async ({
  page,
}, info) => {
  await page.goto('/portal/columns/zcwj')
  await page.locator('.item-list li a').first().click()
  await expect(page).toHaveURL(/\/portal\/items\/[0-9a-f-]{36}$/)
  const title = page.getByRole('heading', { level: 1 })
  await expect(title).toBeVisible()
  const meta = page.locator('.item-meta')
  for (const label of ['索引号', '发布机构', '成文日期', '文号', '发布日期', '有效性']) {
    await expect(meta).toContainText(label)
  }
  await expect(meta).toContainText(/〔\d{4}〕\d+号/)
  await expect(page.locator('.item-page__body')).not.toBeEmpty()
  const crumbs = page.getByRole('navigation', { name: '当前位置' })
  await expect(crumbs.getByRole('link', { name: '首页' })).toBeVisible()
  await expect(crumbs.getByRole('link', { name: '政策文件' })).toBeVisible()
  // A policy document links to its interpretation, which links back (查看原文).
  const links = page.getByRole('region', { name: '相关链接' })
  const toInterpretation = links.getByRole('link').first()
  await expect(toInterpretation).toBeVisible()
  await expect(page.getByRole('button', { name: '打印' })).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, info, 'item')
  await toInterpretation.click()
  await expect(page.getByRole('region', { name: '相关链接' })).toContainText('查看原文')
})

test('字号 and 适老化 change the text for every page and are remembered', async ({ page }) => {
  await page.goto('/portal/')
  const size = () => page.evaluate(() => getComputedStyle(document.documentElement).fontSize)
  expect(await size()).toBe('16px')
  await page.getByRole('button', { name: '字号大' }).click()
  expect(await size()).toBe('20px')
  await page.getByRole('button', { name: '适老化模式' }).click()
  expect(parseFloat(await size())).toBeGreaterThanOrEqual(18)
  await expect(page.locator('html')).toHaveClass(/elder-mode/)
  await page.goto('/portal/columns/tzgg')
  await expect(page.locator('html')).toHaveClass(/elder-mode/)
  await expect(page.getByRole('button', { name: '退出适老化模式' })).toHaveAttribute('aria-pressed', 'true')
  await expectAccessible(page)
})

test('the keyboard alone reaches the content: the skip link comes first', async ({ page }) => {
  await page.goto('/portal/')
  await expect(page.locator('.site-header__name')).not.toBeEmpty()
  await page.keyboard.press('Tab')
  const skip = page.getByRole('link', { name: '跳转到主要内容' })
  await expect(skip).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#main$/)
})

test('a wrong address says so in Chinese and offers the way home', async ({ page }) => {
  await page.goto('/portal/items/00000000-0000-0000-0000-000000000000')
  await expect(page.getByRole('alert')).toContainText('不存在')
  await page.goto('/no/such/page')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('您访问的页面不存在或已被删除。')
  await expect(page.getByRole('link', { name: '返回首页' })).toBeVisible()
  await expectAccessible(page)
})

test('公开留言: reviewed letters and answers, paged, with personal data masked', async ({
  page,
}, info) => {
  await page.goto('/portal/')
  await (await siteNav(page)).getByRole('link', { name: '公开留言' }).click()
  await expect(page.getByRole('heading', { level: 1, name: '公开留言' })).toBeVisible()
  await expect(page.locator('.pager__summary')).toHaveText(/^共 \d+ 条 第 1\/\d+ 页$/)
  const first = page.locator('.letters-table tbody tr').first()
  await expect(first).toBeVisible()
  await expectAccessible(page)
  await first.getByRole('link').click()
  await expect(page).toHaveURL(/\/portal\/letters\/12345-\d{8}-\d+$/)
  await expect(page.getByRole('heading', { level: 2, name: '来信内容' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: '答复内容' })).toBeVisible()
  const text = await page.locator('.letter-page').innerText()
  expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/) // no mobile number
  expect(text).not.toMatch(/(?<![0-9])\d{17}[\dXx]/) // no ID number
  await expectAccessible(page)
  await screenshot(page, info, 'letter')
})

test('办理结果查询: errors at the fields and summarised, then the caller sees their ticket', async ({
  page,
  request,
}, info) => {
  await page.goto('/portal/track')
  await expect(page.getByRole('heading', { level: 1, name: '办理结果查询' })).toBeVisible()
  await page.getByRole('button', { name: '查询' }).click()
  const summary = page.locator('.error-summary')
  await expect(summary).toBeFocused()
  await expect(summary.getByRole('link')).toHaveText(['工单编号：请输入工单编号', '联系电话：请输入联系电话'])
  await expect(page.getByLabel('工单编号')).toHaveAttribute('aria-invalid', 'true')

  // The service's own 422 lands at the field it names.
  await page.getByLabel('工单编号').fill('1')
  await page.getByLabel('联系电话').fill('123')
  await page.getByRole('button', { name: '查询' }).click()
  await expect(page.locator('#track-phone-error')).toHaveText('格式不正确')
  await expect(page.locator('#track-number-error')).toHaveText('内容过短')
  await expectAccessible(page)

  await page.getByLabel('工单编号').fill('12345-20000101-000001')
  await page.getByLabel('联系电话').fill('13800000000')
  await page.getByRole('button', { name: '查询' }).click()
  await expect(summary).toContainText('未找到与该编号和电话相符的工单')

  // A real demo ticket, found as the dispatcher would see it.
  const login = await request.post('/auth/login', {
    data: { username: 'dispatcher', password: 'Gov@2026demo' },
  })
  const token = (await login.json()).access_token as string
  const list = await request.get('/api/tickets/tickets?limit=20', {
    headers: { Authorization: `Bearer ${token}` },
  })
  const ticket = ((await list.json()).items as { number: string; citizen_phone: string | null }[]).find(
    (t) => t.citizen_phone,
  )!
  await page.getByLabel('工单编号').fill(ticket.number)
  await page.getByLabel('联系电话').fill(ticket.citizen_phone!)
  await page.getByRole('button', { name: '查询' }).click()
  const result = page.getByRole('region', { name: /./ }).filter({ hasText: ticket.number })
  await expect(result).toContainText('办理状态')
  await expect(result.locator('.track-steps li').first()).toBeVisible()
  await expect(summary).toHaveCount(0)
  await expectAccessible(page)
  await screenshot(page, info, 'track')
})

test('知识库: search the curated answers, read one, page through them', async ({ page }, info) => {
  await page.goto('/portal/knowledge')
  await expect(page.getByRole('heading', { level: 1, name: '知识库' })).toBeVisible()
  await expect(page.locator('.pager__summary')).toHaveText(/^共 \d+ 条 第 1\/\d+ 页$/)
  await page.getByLabel('在知识库中查找').fill('没有这种问题的词语组合')
  await page.getByRole('button', { name: '查找' }).click()
  await expect(page.locator('.load-state')).toContainText('知识库中没有与「没有这种问题的词语组合」相关的问答')
  await page.getByLabel('在知识库中查找').fill('')
  await page.getByRole('button', { name: '查找' }).click()
  const first = page.locator('.item-list li a').first()
  const question = await first.innerText()
  await first.click()
  await expect(page).toHaveURL(/\/portal\/knowledge\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(question)
  await expect(page.getByRole('region', { name: '答' })).not.toBeEmpty()
  await expectAccessible(page)
  await screenshot(page, info, 'knowledge')
})

test('search: service cards first, highlighted hits that open their page, filters with names', async ({
  page,
}, info) => {
  await page.goto('/portal/')
  const box = page.getByRole('search').getByLabel('站内搜索')
  await box.fill('公积金')
  await box.press('Enter')
  await expect(page).toHaveURL(/\/portal\/search\?q=/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('「公积金」的搜索结果')
  const services = page.getByRole('region', { name: '办事直达' })
  await expect(services.getByRole('link', { name: '住房公积金提取' })).toBeVisible()
  await expect(services).toContainText('办理地点')
  await expect(page.locator('.search-hits mark').first()).toContainText('公积金')
  await expect(page.getByRole('status')).toHaveText(/^共找到 \d+ 条相关信息$/)
  // Filters show names, never codes.
  const kinds = page.getByRole('navigation', { name: '信息类别' })
  await expect(kinds.getByRole('button', { name: /^答问知识（\d+）$/ })).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, info, 'search')
  await kinds.getByRole('button', { name: /^答问知识/ }).click()
  await expect(page).toHaveURL(/kind=qa/)
  await expect(kinds.getByRole('button', { name: /^答问知识/ })).toHaveAttribute('aria-pressed', 'true')
  // A hit opens its page in the portal.
  const first = page.locator('.search-hits h3 a').first()
  await first.click()
  await expect(page).toHaveURL(/\/portal\/items\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { level: 1 })).not.toBeEmpty()
  await expect(page.locator('.item-page__body')).toBeVisible()
})

test('search: a query that finds nothing says so and offers ways on', async ({ page }) => {
  await page.goto('/portal/search?q=' + encodeURIComponent('喵喵喵呜呜呜'))
  await expect(page.locator('.search-none')).toContainText('没有找到与「喵喵喵呜呜呜」相关的信息。')
  await expect(page.locator('.search-none').getByRole('link', { name: '知识库' })).toBeVisible()
  await expectAccessible(page)
})
