import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'

import PagerNav from '@/shared/components/PagerNav.vue'

describe('PagerNav', () => {
  it('says 共 N 条 第 x/y 页 with the pages rounded up', () => {
    const pager = mount(PagerNav, { props: { total: 31, page: 2, pageSize: 15 } })
    expect(pager.find('.pager__summary').text()).toBe('共 31 条 第 2/3 页')
  })

  it('goes to the next and the last page, and not past them', async () => {
    const pager = mount(PagerNav, { props: { total: 31, page: 3, pageSize: 15 } })
    const next = pager.findAll('button').find((b) => b.text() === '下一页')!
    expect(next.attributes('disabled')).toBeDefined()
    await pager.findAll('button').find((b) => b.text() === '首页')!.trigger('click')
    expect(pager.emitted('go')).toEqual([[1]])
  })

  it('refuses a page number out of range with a message at the field', async () => {
    const pager = mount(PagerNav, { props: { total: 31, page: 1, pageSize: 15 } })
    await pager.find('input').setValue('4')
    await pager.find('form').trigger('submit')
    expect(pager.emitted('go')).toBeUndefined()
    expect(pager.find('[role="alert"]').text()).toBe('请输入 1 到 3 之间的页码')
    expect(pager.find('input').attributes('aria-invalid')).toBe('true')
    await pager.find('input').setValue('3')
    await pager.find('form').trigger('submit')
    expect(pager.emitted('go')).toEqual([[3]])
  })

  it('shows one page for an empty list', () => {
    const pager = mount(PagerNav, { props: { total: 0, page: 1, pageSize: 15 } })
    expect(pager.find('.pager__summary').text()).toBe('共 0 条 第 1/1 页')
  })
})
