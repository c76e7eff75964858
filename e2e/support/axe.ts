import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from './test';

// axe-core with the WCAG 2.x A and AA rules: nothing serious or critical may be found.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function seriousViolations(page: Page, what: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(results.passes.length, `axe ran its rules on ${what}`).toBeGreaterThan(0);
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`);
}

export async function expectAccessible(page: Page, what: string): Promise<void> {
  // A refresh after a server action replaces the head's <title> for a moment, and axe scans one instant. So the
  // title must be there before the scan, and a scan that caught the swap anyway is repeated once; a page that
  // has no title fails both ways.
  await expect(page, `${what} has a document title`).toHaveTitle(/\S/);
  let found = await seriousViolations(page, what);
  if (found.some((violation) => violation.startsWith('document-title '))) {
    await expect(page, `${what} has a document title`).toHaveTitle(/\S/);
    found = await seriousViolations(page, what);
  }
  expect(found, `serious or critical accessibility violations on ${what}`).toEqual([]);
}
