import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordSecret } from '../../tests/support/test-logs.mjs';
import { expect, type Locator, type Page } from './test';

// Drives the import wizard on a key's page the way a person does: the downloads are saved into a working
// folder, and the OpenSSL commands are read from the page and run there with /bin/sh, unchanged.

export type TAlgorithm = 'RSAES_OAEP_SHA_256' | 'RSAES_OAEP_SHA_1' | 'RSA_AES_KEY_WRAP_SHA_256';
export type TKeySpec = 'RSA_2048' | 'RSA_3072' | 'RSA_4096';

/** A scratch folder for one test's files; `remove()` in a finally block. */
export function workFolder(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'keyfort-import-e2e-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A value in the "Key material" section, by its label. */
export function materialDetail(page: Page, label: string): Locator {
  return page
    .getByRole('region', { name: 'Key material', exact: true })
    .locator('dt', { hasText: new RegExp(`^${label}$`) })
    .locator('xpath=following-sibling::dd');
}

export function wizard(page: Page): Locator {
  return page.getByRole('region', { name: 'Import key material', exact: true });
}

/** Opens the wizard with "Import key material" (Pending import) or "Import again" (material present). */
export async function openWizard(page: Page, button: 'Import key material' | 'Import again' = 'Import key material'): Promise<Locator> {
  await page.getByRole('region', { name: 'Key material', exact: true }).getByRole('button', { name: button, exact: true }).click();
  await expect(wizard(page)).toBeVisible();
  return wizard(page);
}

/** Step 1: chooses spec and algorithm (the defaults when omitted) and waits for the parameters. */
export async function getParameters(page: Page, options: { keySpec?: TKeySpec; algorithm?: TAlgorithm } = {}): Promise<Locator> {
  const panel = wizard(page);
  if (options.keySpec) await panel.getByLabel('Wrapping key spec').selectOption(options.keySpec);
  if (options.algorithm) await panel.getByLabel('Wrapping algorithm').selectOption(options.algorithm);
  const button = panel.getByRole('button', { name: /^Get (new )?import parameters$/ });
  const pem = panel.getByTestId('public-key-pem');
  const previous = (await pem.count()) > 0 ? await pem.textContent() : null;
  await button.click();
  await expect(pem).toContainText('-----BEGIN PUBLIC KEY-----');
  if (previous !== null) await expect(pem).not.toHaveText(previous);
  return panel.getByTestId('import-parameters');
}

/** Clicks a download button and saves the file in `dir` under the name the browser suggests. */
export async function download(page: Page, name: string, dir: string): Promise<{ fileName: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), wizard(page).getByRole('button', { name, exact: true }).click()]);
  const fileName = file.suggestedFilename();
  await file.saveAs(join(dir, fileName));
  return { fileName, bytes: readFileSync(join(dir, fileName)) };
}

/** Both downloads of step 1. */
export async function downloadParameters(page: Page, dir: string) {
  const publicKey = await download(page, 'Download public key (.der)', dir);
  const importToken = await download(page, 'Download import token', dir);
  return { publicKey, importToken };
}

/** The commands exactly as the wizard shows them. */
export async function wizardCommands(page: Page): Promise<string> {
  return (await wizard(page).getByTestId('openssl-commands').textContent()) ?? '';
}

/** Runs the wizard's commands as shown, in `dir`, with /bin/sh (stops at the first failing command). */
export function runCommands(commands: string, dir: string): void {
  execFileSync('/bin/sh', ['-e', '-c', commands], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  recordMaterialFiles(dir);
}

/**
 * The plaintext material the wizard's commands made (keyMaterial-<key>[-v<n>].bin) and the import token
 * downloaded beside it: the servers' logs must never show them (scripts/check-logs-for-secrets.mjs).
 */
function recordMaterialFiles(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (/^keyMaterial-.*\.bin$/.test(name)) recordSecret('key-material', readFileSync(join(dir, name)));
    if (/^importToken-.*\.bin$/.test(name)) recordSecret('import-token', readFileSync(join(dir, name)));
  }
}

/** Step 2 with the wizard's own token: uploads the wrapped file, sets the expiry (`expiresAt`, ms), imports. */
export async function importWrapped(page: Page, options: { wrappedFile: string; expiresAt?: number; tokenFile?: string }): Promise<void> {
  const panel = wizard(page);
  if (options.tokenFile) {
    const fromFile = panel.getByRole('radio', { name: 'A token file from earlier import parameters' });
    if ((await fromFile.count()) > 0) await fromFile.check();
    await panel.getByLabel('Import token file').setInputFiles(options.tokenFile);
  }
  await panel.getByLabel('Wrapped key material file').setInputFiles(options.wrappedFile);
  if (options.expiresAt !== undefined) {
    await panel.getByRole('radio', { name: 'The material expires at' }).check();
    await panel.getByLabel(/^Expiry date and time/).fill(await pickerValue(page, options.expiresAt));
  }
  await panel.getByRole('button', { name: 'Import key material', exact: true }).click();
}

/** The wall-clock time of `ms` in `timeZone`, as a `datetime-local` value to the second. */
export function inputValueIn(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}`;
}

/** The expiry picker's value for the instant `ms`: the picker is in the browser's own time zone (SPEC §4). */
export async function pickerValue(page: Page, ms: number): Promise<string> {
  const timeZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  return inputValueIn(ms, timeZone);
}

/** Random 32-byte material made with openssl, as a user would for a key's first import. */
export function opensslRandom(path: string, bytes = 32): void {
  execFileSync('openssl', ['rand', '-out', path, String(bytes)]);
  recordSecret('key-material', readFileSync(path));
}

/** Imports fresh material into an external key through the wizard (RSA_2048 for speed), expiring at `expiresAt` (ms) or never. */
export async function importThroughWizard(page: Page, options: { keyId: string; dir: string; expiresAt: number | null }): Promise<void> {
  await openWizard(page);
  await getParameters(page, { keySpec: 'RSA_2048' });
  await downloadParameters(page, options.dir);
  runCommands(await wizardCommands(page), options.dir);
  const wrappedFile = join(options.dir, `wrappedKeyMaterial-${options.keyId}.bin`);
  await importWrapped(page, { wrappedFile, expiresAt: options.expiresAt ?? undefined });
  await expect(page.getByText('Key material imported', { exact: true }).first()).toBeVisible();
}
