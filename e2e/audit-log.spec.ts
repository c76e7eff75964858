import { readFile } from 'node:fs/promises';
import { ADMIN, SIGNED_OUT } from './support/admin';
import { createKeyInConsole } from './support/keys';
import { expect, test, type Page } from './support/test';
import { uniquePrefix } from './support/unique';

// The audit log answers who did what, from where: a record opens whole, the log filters by actor, and the
// filtered log downloads as CSV or JSON Lines (and the download is itself audited).

function auditTable(page: Page) {
  return page.getByRole('table', { name: 'Audit events' });
}

/** The value of a row of the record's detail view, by its label. */
function recordField(page: Page, label: string) {
  return page.getByRole('region', { name: 'Audit record' }).locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd');
}

test('a record opens whole: actor, key with its alias, source address, user agent and details', async ({ page }) => {
  const alias = uniquePrefix('audit-detail');
  // Made in the console: the record's actor, address and user agent are the signed-in person's browser.
  const keyId = await createKeyInConsole(page, { alias });
  await page.goto(`/audit?keyId=${keyId}&action=CreateKey`);
  const row = auditTable(page).locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('audit-key-aliases')).toHaveText(alias);

  await row.getByRole('link', { name: /^Open the record of / }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit record' })).toBeVisible();
  await expect(recordField(page, 'Action')).toHaveText('Create key CreateKey');
  await expect(recordField(page, 'Actor')).toContainText(ADMIN.email);
  await expect(recordField(page, 'Key')).toContainText(keyId);
  await expect(recordField(page, 'Key')).toContainText(alias);
  await expect(recordField(page, 'Source address')).toHaveText(/^(127\.0\.0\.1|::1)$/);
  await expect(recordField(page, 'User agent')).toContainText('Mozilla/5.0');
  await expect(recordField(page, 'Access key ID')).toHaveText('—');
  await expect(recordField(page, 'Details')).toContainText(`"alias": "${alias}"`);
});

test('filters by actor, and exports the filtered log as CSV and JSON Lines, each export audited', async ({ page }) => {
  const keyId = await createKeyInConsole(page, { alias: uniquePrefix('audit-export') });
  await page.goto('/audit');
  await page.getByLabel('Key ID').fill(keyId);
  await page.getByLabel('Actor', { exact: true }).fill(ADMIN.email);
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`keyId=${keyId}.*actor=${encodeURIComponent(ADMIN.email)}`));
  await expect(auditTable(page).locator('tbody tr')).toHaveCount(1);

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/^keyfort-audit-\d{8}T\d{6}Z\.csv$/);
  const csvLines = (await readFile((await csv.path())!, 'utf8')).split('\r\n');
  expect(csvLines[0]).toBe('id,at,actorType,actorId,actorName,action,keyId,result,errorCode,sourceAddress,userAgent,accessKeyId,via,details');
  expect(csvLines.filter((line) => line.includes(keyId) && line.includes(',CreateKey,'))).toHaveLength(1);

  const jsonDownload = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export JSON Lines' }).click();
  const jsonl = await jsonDownload;
  expect(jsonl.suggestedFilename()).toMatch(/^keyfort-audit-\d{8}T\d{6}Z\.jsonl$/);
  const records = (await readFile((await jsonl.path())!, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { action: string; keyId: string | null; actorName: string });
  // Each export is recorded before it reads, with the same key and actor as its filters: both show up.
  expect(records.map((record) => record.action).sort()).toEqual(['CreateKey', 'ExportAuditLog', 'ExportAuditLog']);
  expect(records.every((record) => record.keyId === keyId && record.actorName === ADMIN.email)).toBe(true);

  await page.goto(`/audit?keyId=${keyId}&action=ExportAuditLog`);
  await expect(auditTable(page).locator('tbody tr')).toHaveCount(2);
});

test('the export refuses a request without a session', async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
  try {
    const response = await anonymous.get('/audit/export?format=csv', { maxRedirects: 0 });
    // proxy.ts sends a client without a session cookie to the sign-in page; nothing is exported.
    expect([302, 303, 307, 401]).toContain(response.status());
    expect(response.headers()['content-disposition']).toBeUndefined();
    // A forged cookie passes proxy.ts but not the route's own check.
    const forged = await anonymous.get('/audit/export?format=jsonl', { maxRedirects: 0, headers: { cookie: 'keyfort.session_token=forged.value' } });
    expect(forged.status()).toBe(401);
  } finally {
    await anonymous.dispose();
  }
});
