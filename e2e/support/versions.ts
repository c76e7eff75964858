import { execFileSync } from 'node:child_process';
import { expect, type Locator, type Page } from './test';
import { wizard } from './import-material';

// The key page's versions view (SPEC §11): its table, a version's row, and the key check value a person
// computes for a material file with the command the wizard shows.

export function versionsPanel(page: Page): Locator {
  return page.getByRole('region', { name: 'Key material versions', exact: true });
}

export function versionsTable(page: Page): Locator {
  return page.getByRole('table', { name: 'Key material versions' });
}

/** The row of version `sequence` ("Version N"). */
export function versionRow(page: Page, sequence: number): Locator {
  return versionsTable(page).getByTestId(`version-${sequence}`);
}

/** Expects a row's state as the badge says it (and its stable name, CURRENT / NON_CURRENT / PENDING_ROTATION). */
export async function expectVersionState(page: Page, sequence: number, state: 'CURRENT' | 'NON_CURRENT' | 'PENDING_ROTATION'): Promise<void> {
  const words = { CURRENT: 'Current', NON_CURRENT: 'Non-current', PENDING_ROTATION: 'Pending rotation' }[state];
  await expect(versionRow(page, sequence)).toHaveAttribute('data-state', state);
  await expect(versionRow(page, sequence).getByTestId('version-state')).toHaveText(words);
}

/** The wizard's key check value command, exactly as shown before the upload. */
export async function wizardKcvCommand(page: Page): Promise<string> {
  return (await wizard(page).getByTestId('kcv-command').textContent()) ?? '';
}

/** Runs a key check value command as shown, in `dir`: what openssl prints for the file (6 upper-case hex). */
export function runKcvCommand(command: string, dir: string): string {
  const kcv = execFileSync('/bin/sh', ['-e', '-c', command], { cwd: dir, encoding: 'utf8' }).trim();
  expect(kcv).toMatch(/^[0-9A-F]{6}$/);
  return kcv;
}
