import AxeBuilder from '@axe-core/playwright'
import { expect, type Page, type TestInfo } from '@playwright/test'

/** axe-core over the page: no serious or critical violation (WCAG 2.1 AA rules). */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
  expect(bad, bad.join('\n')).toEqual([])
}

/** A screenshot for the README (docs/screenshots/<name>-<project>.png). */
export async function screenshot(page: Page, info: TestInfo, name: string): Promise<void> {
  await page.screenshot({
    path: `../docs/screenshots/${name}-${info.project.name}.png`,
    fullPage: false,
  })
}
