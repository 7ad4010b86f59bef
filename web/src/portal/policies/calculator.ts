// The 政策计算器's form as the API takes it, and its answer grouped the way the page shows it:
// 可以申报, 需补充信息 (which field), 差一点 (near misses) — the rest is not shown.
import type { Schemas } from '@/shared/api/client'

import { messages } from '../messages'

const m = messages.policies

export type Facts = Schemas['policy_ProfileFacts']
export type Match = Schemas['policy_MatchOut']

export interface CalculatorForm {
  industry_code: string
  revenue_wan: string
  employees: string
  total_assets_wan: string
  rd_ratio: string
  district: string
  founded_on: string
  qualifications: string[]
  tags: string[]
}

export const NUMBER_FIELDS = ['revenue_wan', 'employees', 'total_assets_wan', 'rd_ratio'] as const

export function emptyForm(): CalculatorForm {
  return {
    industry_code: '',
    revenue_wan: '',
    employees: '',
    total_assets_wan: '',
    rd_ratio: '',
    district: '',
    founded_on: '',
    qualifications: [],
    tags: [],
  }
}

const LIMITS: Record<(typeof NUMBER_FIELDS)[number], number> = {
  revenue_wan: 100_000_000,
  employees: 10_000_000,
  total_assets_wan: 1_000_000_000,
  rd_ratio: 100,
}

/** The request body, or the field errors found before asking (empty fields are left out:
 * the service answers "needs more information" for them). */
export function toFacts(form: CalculatorForm): { facts: Facts; errors: Record<string, string> } {
  const facts: Facts = { qualifications: [...form.qualifications], tags: [...form.tags] }
  const errors: Record<string, string> = {}
  for (const field of NUMBER_FIELDS) {
    const text = form[field].trim().replace(/,/g, '')
    if (!text) continue
    const value = Number(text)
    if (!Number.isFinite(value)) errors[field] = m.notANumber
    else if (value < 0) errors[field] = m.negative
    else if (field === 'employees' && !Number.isInteger(value)) errors[field] = m.notANumber
    else if (value > LIMITS[field]) errors[field] = field === 'rd_ratio' ? m.percent : m.tooLarge
    else facts[field] = value
  }
  if (form.industry_code.trim()) facts.industry_code = form.industry_code.trim()
  if (form.district.trim()) facts.district = form.district.trim()
  if (form.founded_on) facts.founded_on = form.founded_on
  return { facts, errors }
}

export interface Grouped {
  eligible: Match[]
  needsInfo: Match[]
  nearMisses: Match[]
}

export function groupResults(results: Match[]): Grouped {
  return {
    eligible: results.filter((r) => r.verdict === 'eligible'),
    needsInfo: results.filter((r) => r.verdict === 'needs_info'),
    nearMisses: results.filter((r) => r.verdict === 'not_eligible' && r.near_miss),
  }
}
