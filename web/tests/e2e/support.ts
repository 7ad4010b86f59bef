import AxeBuilder from '@axe-core/playwright'
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test'

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

/** A screenshot of the page: into test-results, or, with UPDATE_SCREENSHOTS=1, the README's
 * docs/screenshots/<name>-<project>.png (so a test run leaves the committed ones alone). */
export async function screenshot(page: Page, info: TestInfo, name: string): Promise<void> {
  const folder = process.env.UPDATE_SCREENSHOTS ? '../docs/screenshots' : 'test-results/screenshots'
  await page.screenshot({ path: `${folder}/${name}-${info.project.name}.png`, fullPage: false })
}

/** The site's column navigation, unfolded first on a phone (where it hides behind a button). */
export async function siteNav(page: Page): Promise<Locator> {
  const nav = page.getByRole('navigation', { name: '栏目导航' })
  const toggle = nav.getByRole('button', { name: '栏目导航' })
  await expect(nav).toBeVisible() // rendered once the site has loaded
  if (await toggle.isVisible()) {
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click()
    await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  }
  return nav
}
