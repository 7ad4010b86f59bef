// An enterprise browses 惠企政策 without a keyword (industry tree, reward type, issuing body),
// reads a policy's measures with their conditions in plain Chinese, and tries the 政策计算器.
import { expect, test } from '@playwright/test'

import { expectAccessible, screenshot, siteNav } from './support'

test('policies are browsed by industry, reward type and issuing body, and a policy reads in plain Chinese', async ({
  page,
}, info) => {
  await page.goto('/portal/')
  await (await siteNav(page)).getByRole('link', { name: '惠企政策' }).click()
  await expect(page.getByRole('heading', { level: 1, name: '惠企政策' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: '共' }).or(page.locator('.pager__summary'))).toContainText(/共 \d+ 条 第 1\/\d+ 页/)
  await expectAccessible(page)
  await screenshot(page, info, 'policies-list')

  // The industry tree by name: 制造业 → 计算机、通信和其他电子设备制造业.
  const filters = page.getByRole('complementary', { name: '筛选政策' })
  await filters.getByText('按国民经济行业分类选择').click()
  await filters.getByRole('button', { name: '展开“制造业”的下级行业' }).click()
  await filters.getByRole('button', { name: /^计算机、通信和其他电子设备制造业/ }).click()
  await expect(page).toHaveURL(/industry=39/)
  await expect(filters).toContainText('已选行业：制造业 › 计算机、通信和其他电子设备制造业')
  const list = page.locator('.policy-list')
  await expect(list.getByRole('link', { name: '江城市促进制造业高质量发展若干政策' })).toBeVisible()
  await expect(list.getByRole('link', { name: '江城市“江城英才”人才支持若干措施' })).toHaveCount(0)

  await filters.getByRole('button', { name: '清除行业' }).click()
  await filters.getByRole('navigation', { name: '奖励类型' }).getByRole('button', { name: /住房相关/ }).click()
  await expect(list.locator('article')).toHaveCount(1)
  await expect(list).toContainText('江城市“江城英才”人才支持若干措施')
  await filters.getByRole('navigation', { name: '奖励类型' }).getByRole('button', { name: '全部' }).click()
  await filters.getByRole('navigation', { name: '发布部门' }).getByRole('button', { name: /江城市地方金融管理局/ }).click()
  await expect(list.locator('article')).toHaveCount(1)
  await list.getByRole('link', { name: '江城市金融支持小微企业发展若干措施' }).click()

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('江城市金融支持小微企业发展若干措施')
  const measures = page.getByRole('region', { name: /奖励措施/ })
  await expect(measures.getByRole('heading', { name: '小微企业贷款贴息' })).toBeVisible()
  await expect(measures).toContainText('企业规模为小型或微型')
  await expect(measures).toContainText('成立不满 5 年')
  const text = (await measures.innerText()) ?? ''
  expect(text).not.toMatch(/[{}]|"op"|size_class|years_since/)
  await expectAccessible(page)
})

test('a policy linked to its 政策文件 shows 查看原文, 查看解读 and 去办理', async ({ page }) => {
  await page.goto('/portal/policies')
  await page.getByRole('link', { name: '江城市人民政府关于促进中小企业高质量发展的若干措施' }).click()
  const links = page.getByRole('region', { name: '相关链接' })
  await expect(links).toContainText('查看原文')
  await expect(links).toContainText('查看解读')
  await expect(links).toContainText('去办理')
  await expect(links.getByRole('link', { name: '高新技术企业认定奖励申报' })).toBeVisible()
  await expect(page.getByRole('region', { name: /奖励措施/ })).toContainText('所在区县为新城区')
  await links.getByRole('link', { name: /一图读懂/ }).click()
  await expect(page).toHaveURL(/\/portal\/items\//)
})

test('the calculator takes 3911 and 新城区, and shows what is eligible and what nearly is', async ({
  page,
}, info) => {
  await page.goto('/portal/policy-calculator')
  await expect(page.getByRole('heading', { level: 1, name: '政策计算器' })).toBeVisible()
  await expectAccessible(page)
  await page.getByLabel('所属行业代码').fill('3911')
  await page.getByLabel('所在区县').fill('新城区')
  await page.getByLabel('上年营业收入（万元）').fill('1800')
  await page.getByLabel('从业人员（人）').fill('60')
  await page.getByLabel('研发投入占营业收入比例（%）').fill('2')
  await page.getByLabel('成立日期').fill('2019-05-01')
  await page.getByLabel('高新技术企业').check()
  await page.getByRole('button', { name: '开始测算' }).click()

  const results = page.getByRole('region', { name: '测算结果' })
  await expect(results).toContainText(/可以申报 \d+ 项/)
  const eligible = page.getByRole('region', { name: /^可以申报/ })
  await expect(eligible.getByRole('heading', { name: '新城区中小企业数字化转型补贴' })).toBeVisible()
  await expect(eligible).toContainText('所在区县为新城区')
  await expect(eligible).toContainText('所填：新城区')
  const near = page.getByRole('region', { name: /^差一点/ })
  const rebuild = near.getByRole('article', { name: '技术改造设备投资补助' })
  await expect(rebuild).toContainText('营业收入不低于 2000 万元')
  await expect(rebuild).toContainText('不符合')
  await expect(rebuild).toContainText('所填：1800万元')
  expect(await results.innerText()).not.toMatch(/[{}]/)
  await expectAccessible(page)
  await screenshot(page, info, 'policy-calculator')
})

test('a district the city does not have is refused at the field, with the allowed names', async ({ page }) => {
  await page.goto('/portal/policy-calculator')
  await page.getByLabel('所在区县').fill('火星区')
  await page.getByLabel('从业人员（人）').fill('abc')
  await page.getByRole('button', { name: '开始测算' }).click()
  // Read before asking: the number is wrong.
  const summary = page.getByRole('alert').filter({ hasText: '请修改以下内容后再测算' })
  await expect(summary).toContainText('从业人员（人）：请填写数字')
  await expect(summary).toBeFocused()
  await page.getByLabel('从业人员（人）').fill('12')
  await page.getByRole('button', { name: '开始测算' }).click()
  await expect(summary).toContainText('所在区县：未知的区县“火星区”')
  const field = page.locator('#calc-district-error')
  await expect(field).toContainText('可选：')
  await expect(field).toContainText('新城区')
  await expect(page.getByLabel('所在区县')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByRole('region', { name: '测算结果' })).toHaveCount(0)
  await expectAccessible(page)
})
