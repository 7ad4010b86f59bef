import { describe, expect, it } from 'vitest'

import { emptyForm, groupResults, toFacts, type Match } from '@/portal/policies/calculator'

describe('the calculator form as the API takes it', () => {
  it('leaves out what was not filled in and keeps codes and names as typed', () => {
    const form = { ...emptyForm(), industry_code: ' C3911 ', district: '新城区', revenue_wan: '2,600', employees: '85' }
    const { facts, errors } = toFacts(form)
    expect(errors).toEqual({})
    expect(facts).toEqual({
      industry_code: 'C3911',
      district: '新城区',
      revenue_wan: 2600,
      employees: 85,
      qualifications: [],
      tags: [],
    })
  })

  it('names each field whose number it cannot read', () => {
    const form = { ...emptyForm(), revenue_wan: '很多', employees: '2.5', total_assets_wan: '-1', rd_ratio: '120' }
    expect(toFacts(form).errors).toEqual({
      revenue_wan: '请填写数字',
      employees: '请填写数字',
      total_assets_wan: '不能小于 0',
      rd_ratio: '请填写 0–100 之间的数字',
    })
  })
})

describe('the answer grouped as the page shows it', () => {
  const match = (verdict: string, near_miss = false) => ({ verdict, near_miss }) as Match
  it('keeps eligible, needs-information and near misses apart and drops far misses', () => {
    const results = [match('eligible'), match('needs_info'), match('not_eligible', true), match('not_eligible')]
    const grouped = groupResults(results)
    expect(grouped.eligible).toEqual([results[0]])
    expect(grouped.needsInfo).toEqual([results[1]])
    expect(grouped.nearMisses).toEqual([results[2]])
  })
})
