import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from './test';

// axe-core with the WCAG 2.x A and AA rules: nothing serious or critical may be found.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(results.passes.length, `axe ran its rules on ${what}`).toBeGreaterThan(0);
  const found = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`);
  expect(found, `serious or critical accessibility violations on ${what}`).toEqual([]);
}
