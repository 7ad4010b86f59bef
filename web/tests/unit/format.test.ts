import { describe, expect, it } from 'vitest'

import { day } from '@/shared/format'
import { ApiError } from '@/shared/api/client'
import { describeError } from '@/shared/errors'

describe('day', () => {
  it('is the Beijing date whatever the browser zone (00:30 Beijing is 16:30 UTC the day before)', () => {
    expect(day('2026-12-02T16:30:00Z')).toBe('2026-12-03')
    expect(day('2026-12-03T15:30:00Z')).toBe('2026-12-03')
    expect(day('2026-12-03')).toBe('2026-12-03')
    expect(day(null)).toBe('')
  })
})

describe('describeError', () => {
  it('tells people what happened, in Chinese, never a blank', () => {
    expect(describeError(new ApiError(0, {}))).toContain('网络连接失败')
    expect(describeError(new ApiError(429, {}, 12))).toBe('访问过于频繁，请 12 秒后再试。')
    expect(describeError(new ApiError(503, { detail: 'x' }))).toBe('服务暂时不可用，请稍后重试。')
    expect(describeError(new ApiError(422, { detail: '标题不能为空' }))).toBe('标题不能为空')
    expect(describeError(new Error('boom'))).toBe('加载失败，请稍后重试。')
  })
})

import { mount } from '@vue/test-utils'

import HighlightedText from '@/shared/components/HighlightedText.vue'

describe('HighlightedText', () => {
  it('marks the highlighted words and never inserts markup', () => {
    const text = mount(HighlightedText, {
      props: { html: '住房<em>公积金</em>提取&lt;script&gt;alert(1)&lt;/script&gt; &amp; 贷款' },
    })
    expect(text.find('mark').text()).toBe('公积金')
    expect(text.text()).toBe('住房公积金提取<script>alert(1)</script> & 贷款')
    expect(text.find('script').exists()).toBe(false)
  })
})
