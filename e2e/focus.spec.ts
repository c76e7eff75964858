import { expect, test } from './support/test';
import { openSeededKey } from './support/keys';
import { getParameters, openWizard } from './support/import-material';
import { uniquePrefix } from './support/unique';

// Where the keyboard goes when what it was on disappears. (After a successful import: e2e/phone.spec.ts;
// after a refused sign-in: e2e/sign-in.spec.ts.)

test('opening the import wizard puts focus on its heading; new import parameters put it on their summary', async ({ page }) => {
  await openSeededKey(page, { alias: uniquePrefix('focus-wizard'), origin: 'EXTERNAL' });
  const panel = await openWizard(page);
  await expect(panel.getByRole('heading', { name: 'Import key material', exact: true })).toBeFocused();

  await getParameters(page);
  const summary = panel.getByTestId('import-parameters-heading');
  await expect(summary).toHaveText('RSA_3072 public key, RSAES_OAEP_SHA_256');
  await expect(summary).toBeFocused();

  // Asking again replaces the parameters: focus moves to the new summary again, wherever it was.
  await panel.getByLabel('Wrapping key spec').focus();
  await getParameters(page, { keySpec: 'RSA_2048' });
  await expect(summary).toHaveText(/^RSA_2048 public key/);
  await expect(summary).toBeFocused();

  await panel.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(panel).toBeHidden();
});
