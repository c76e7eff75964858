import { expect, test } from './support/test';
import { getParameters, openWizard } from './support/import-material';
import { openSeededKey } from './support/keys';
import { uniquePrefix } from './support/unique';

test('asking for new import parameters withdraws the old public key, token and downloads at once, while the new ones load', async ({ page }) => {
  await openSeededKey(page, { alias: uniquePrefix('byok-stale'), origin: 'EXTERNAL' });
  const panel = await openWizard(page);
  await getParameters(page, { keySpec: 'RSA_2048' });
  const oldPem = (await panel.getByTestId('public-key-pem').textContent()) ?? '';

  // Hold the next server-action request (the new parameters) as a slow key-pair generation would.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let arrived = () => {};
  const requested = new Promise<void>((resolve) => (arrived = resolve));
  await page.route('**/*', async (route) => {
    const request = route.request();
    if (request.method() === 'POST' && 'next-action' in request.headers()) {
      arrived();
      await held;
    }
    await route.fallback();
  });

  await panel.getByRole('button', { name: 'Get new import parameters', exact: true }).click();
  await requested;
  await expect(panel.getByTestId('import-parameters-loading')).toBeVisible();
  await expect(panel.getByTestId('import-parameters')).toHaveCount(0);
  await expect(panel.getByTestId('public-key-pem')).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Download public key (.der)', exact: true })).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Download import token', exact: true })).toHaveCount(0);

  release();
  await expect(panel.getByTestId('public-key-pem')).toContainText('-----BEGIN PUBLIC KEY-----');
  await expect(panel.getByTestId('public-key-pem')).not.toHaveText(oldPem);
  await expect(panel.getByTestId('import-parameters-loading')).toHaveCount(0);
  await page.unrouteAll({ behavior: 'ignoreErrors' });
});
