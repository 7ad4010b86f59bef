// Accounts and letters: register, log in and out with the session kept in an httpOnly
// cookie; write to 12345 with the keyboard alone, photos and one ticket per letter; follow
// it in 我的工单, rate it and ask for it to be handled again.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'

import { expectAccessible, screenshot } from './support'

const PASSWORD = 'Gov@2026demo'
// A 1×1 PNG: the service checks the bytes, not the name.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
)

function unique(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`
}

/** GB 32100 统一社会信用代码 with its check character. */
function creditCode(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
  let body = '913501'
  while (body.length < 17) body += alphabet[Math.floor(Math.random() * 10)]
  const total = [...body].reduce((sum, c, i) => sum + alphabet.indexOf(c) * weights[i]!, 0)
  return body + alphabet[(31 - (total % 31)) % 31]
}

// One API login per account for the whole file (the gateway limits logins per address).
const tokens = new Map<string, string>()

async function token(request: APIRequestContext, username: string): Promise<string> {
  const known = tokens.get(username)
  if (known) return known
  const answer = await request.post('/auth/login', { data: { username, password: PASSWORD } })
  expect(answer.ok(), await answer.text()).toBeTruthy()
  const fresh = (await answer.json()).access_token as string
  tokens.set(username, fresh)
  return fresh
}

async function logIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(PASSWORD)
  await page.getByRole('button', { name: '登录', exact: true }).click()
}

async function noTokenInStorage(page: Page): Promise<void> {
  const stored = await page.evaluate(() =>
    JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }),
  )
  expect(stored).not.toContain('eyJ') // no JWT anywhere a script can read
  expect(stored).not.toContain('gov_refresh')
}

test('a citizen registers, stays signed in across a reload, logs out and in again', async ({ page }, info) => {
  const username = unique('web')
  await page.goto('/portal/register')
  await expect(page.getByRole('heading', { level: 1, name: '注册账号' })).toBeVisible()
  await page.getByRole('button', { name: '注册并登录' }).click()
  await expect(page.locator('.error-summary')).toBeFocused()
  await expect(page.locator('.error-summary li')).toHaveCount(3)
  await expectAccessible(page)

  await page.getByLabel('姓名').fill('网页测试')
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill('short')
  await page.getByRole('button', { name: '注册并登录' }).click()
  await expect(page.locator('#register-password-error')).toBeVisible() // the gateway's 422 at the field
  await page.getByLabel('密码').fill('Webtest2026ok')
  await page.getByRole('button', { name: '注册并登录' }).click()

  await expect(page).toHaveURL(/\/portal\/account$/)
  await expect(page.getByText('您好，网页测试')).toBeVisible()
  await noTokenInStorage(page)
  await page.reload() // the access token was in memory: the cookie brings the session back
  await expect(page.getByText('您好，网页测试')).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, info, 'account')

  await page.getByRole('button', { name: '退出' }).first().click()
  await expect(page.getByRole('link', { name: '登录' })).toBeVisible()
  await page.goto('/portal/account') // a page of one's own asks for a login, then comes back
  await expect(page).toHaveURL(/\/portal\/login\?next=/)
  await logIn(page, username)
  await expect(page).toHaveURL(/\/portal\/account$/)
})

test('an enterprise registers with its credit code, checked', async ({ page }) => {
  await page.goto('/portal/register?kind=enterprise')
  await page.getByLabel('企业名称').fill('江城网页测试科技有限公司')
  await page.getByLabel('统一社会信用代码').fill('91350100MA2XXXXX1A')
  await page.getByLabel('用户名').fill(unique('ent'))
  await page.getByLabel('密码').fill('Webtest2026ok')
  await page.getByRole('button', { name: '注册并登录' }).click()
  await expect(page.locator('#register-credit_code-error')).toBeVisible()
  await page.getByLabel('统一社会信用代码').fill(creditCode())
  await page.getByRole('button', { name: '注册并登录' }).click()
  await expect(page).toHaveURL(/\/portal\/account$/)
  await expect(page.locator('.item-meta')).toContainText('企业')
  await expect(page.getByRole('link', { name: '我的政策通知' })).toBeVisible()
})

test('写信: with the keyboard alone, photos uploaded, a double click makes one ticket', async ({
  page,
  request,
}, info) => {
  const title = unique('夜间施工噪音扰民')
  await page.goto(`/portal/letters/new?title=${encodeURIComponent(title)}`)
  await expect(page).toHaveURL(/\/portal\/login\?next=/) // letters need an account
  await logIn(page, 'citizen_demo')
  await expect(page.getByRole('heading', { level: 1, name: '我要写信' })).toBeVisible()
  await expect(page.getByLabel('标题 *')).toHaveValue(title) // carried over from the link
  await screenshot(page, info, 'letter-form')

  await page.getByRole('button', { name: '提交' }).click()
  const summary = page.locator('.error-summary')
  await expect(summary).toBeFocused()
  await expect(summary).toContainText('请填写来信类型')
  await expect(summary).toContainText('请填写内容')
  await expect(summary).toContainText('请填写手机号码')
  await expectAccessible(page)

  // Keyboard only, in the order the fields come.
  await page.getByLabel('咨询').focus()
  await page.keyboard.press('ArrowRight') // radios: arrows choose
  await expect(page.getByLabel('求助')).toBeChecked()
  await page.keyboard.press('Tab')
  await expect(page.getByLabel('标题 *')).toBeFocused()
  await page.keyboard.press('Tab')
  await page.keyboard.type('新城区东街工地每晚十一点后仍在施工，噪音很大，影响休息，请尽快处理。')
  await page.keyboard.press('Tab')
  await expect(page.getByLabel('姓名')).toBeFocused()
  await page.keyboard.press('Tab')
  await page.keyboard.type('13912345678')
  await page.keyboard.press('Tab')
  await page.keyboard.type('新城区东街工地')
  await page.getByLabel(/现场照片/).setInputFiles([{ name: 'site.png', mimeType: 'image/png', buffer: PNG }])

  const headers = { Authorization: `Bearer ${await token(request, 'citizen_demo')}` }
  const mine = async (): Promise<{ id: string }[]> => {
    const list = await request.get('/api/tickets/tickets?limit=100', { headers })
    return ((await list.json()).items as { id: string; title: string }[]).filter((t) => t.title === title)
  }
  await page.getByRole('button', { name: '提交' }).focus()
  await page.keyboard.press('Enter')
  await page.keyboard.press('Enter') // a second press while the first is in flight
  const receipt = page.getByRole('region', { name: '来信已提交' })
  await expect(receipt).toBeVisible()
  await expect(receipt.locator('.receipt__number')).toHaveText(/^12345-\d{8}-\d{6}$/)
  await expect(receipt).toContainText('已上传现场照片 1 张')
  const made = await mine()
  expect(made).toHaveLength(1)
  const detail = await (await request.get(`/api/tickets/tickets/${made[0]!.id}`, { headers })).json()
  expect(detail.photos).toHaveLength(1)
  expect(detail.kind).toBe('help')
  await expectAccessible(page)
  await screenshot(page, info, 'letter-receipt')

  await receipt.getByRole('link', { name: '查看我的工单' }).click()
  await page.getByRole('link', { name: title }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(page.locator('.item-meta')).toContainText('求助')
  await expectAccessible(page)
})

test('我的工单: rate an answer, and ask for it to be handled again', async ({ page, request }, info) => {
  // A letter of citizen_demo, dispatched to 新城区 and answered there.
  const citizen = { Authorization: `Bearer ${await token(request, 'citizen_demo')}` }
  const title = unique('路灯不亮')
  const created = await request.post('/api/tickets/tickets', {
    headers: citizen,
    data: {
      channel: 'web',
      kind: '求助', // the label a form shows is accepted
      title,
      content: '幸福路与东街路口的路灯连续三晚不亮，夜间行人不便。',
      citizen_phone: '13912345678',
    },
  })
  expect(created.status()).toBe(201)
  const ticket = await created.json()
  const dispatcher = { Authorization: `Bearer ${await token(request, 'dispatcher')}` }
  const handler = { Authorization: `Bearer ${await token(request, 'xc_handler')}` }
  const steps: [string, Record<string, string>, object][] = [
    ['assign', dispatcher, { unit_code: 'xc', category: '01' }],
    ['accept', handler, {}],
    ['reply', handler, { reply: '已通知路灯管理所，预计两个工作日内修复。' }],
  ]
  for (const [action, headers, data] of steps) {
    const done = await request.post(`/api/tickets/tickets/${ticket.id}/actions/${action}`, { headers, data })
    expect(done.ok(), await done.text()).toBeTruthy()
  }

  await page.goto(`/portal/login?next=/portal/my/tickets/${ticket.id}`)
  await logIn(page, 'citizen_demo')
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(page.getByText('已通知路灯管理所')).toBeVisible()
  await page.getByRole('button', { name: '提交评价' }).click()
  await expect(page.locator('.error-summary')).toContainText('请选择满意度')
  await page.getByLabel('不满意', { exact: true }).check()
  await page.getByRole('button', { name: '提交评价' }).click()
  await expect(page.locator('.item-meta')).toContainText('已回访')
  await expectAccessible(page)
  await screenshot(page, info, 'my-ticket')

  await page.getByRole('button', { name: '提交重办申请' }).click()
  await expect(page.locator('#reopen-note-error')).toBeVisible()
  await page.getByLabel('不满意的原因').fill('路灯仍然不亮。')
  await page.getByRole('button', { name: '提交重办申请' }).click()
  await expect(page.locator('.item-meta')).toContainText('已派单')
  await expect(page.getByRole('button', { name: '提交评价' })).toHaveCount(0)
})
