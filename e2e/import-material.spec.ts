import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/test';
import {
  download,
  downloadParameters,
  getParameters,
  importWrapped,
  materialDetail,
  openWizard,
  opensslRandom,
  runCommands,
  wizard,
  wizardCommands,
  workFolder,
} from './support/import-material';
import { createKeyInConsole, keyDetail, openSeededKey, seedKey, toast } from './support/keys';
import { passReauthenticationIfAsked } from './support/reauthentication';
import { captureActionPost, replayAction, withInput } from './support/server-action';
import { uniquePrefix } from './support/unique';

// Bring your own key through the console, end to end: the wizard's downloads and its OpenSSL commands,
// run unchanged with the real openssl binary, produce material the server accepts.

test('an external key gets its material from the wizard: downloads, openssl as shown, upload → Enabled; delete and re-import bind to that material', async ({ page }) => {
  test.setTimeout(120_000);
  const work = workFolder();
  try {
    const alias = uniquePrefix('byok');
    const keyId = await createKeyInConsole(page, { alias, origin: 'EXTERNAL' });
    const material = join(work.dir, `keyMaterial-${keyId}.bin`);
    const wrapped = join(work.dir, `wrappedKeyMaterial-${keyId}.bin`);
    await expect(keyDetail(page, 'State')).toHaveText('Pending import');
    await expect(materialDetail(page, 'Status')).toHaveText('Awaiting import');

    await test.step('step 1 offers RSA_3072 and RSAES_OAEP_SHA_256 by default, and never PKCS #1 v1.5', async () => {
      const panel = await openWizard(page);
      await expect(panel.getByLabel('Wrapping key spec')).toHaveValue('RSA_3072');
      await expect(panel.getByLabel('Wrapping algorithm')).toHaveValue('RSAES_OAEP_SHA_256');
      const offered = await panel.getByLabel('Wrapping algorithm').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
      expect(offered).toEqual(['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256']);
    });

    await test.step('the parameters: a DER public key (also as PEM), a token file and a live 24 h countdown', async () => {
      const parameters = await getParameters(page);
      await expect(parameters).toContainText('RSA_3072 public key, RSAES_OAEP_SHA_256');
      const countdown = parameters.getByRole('timer', { name: 'Time until the import token expires' });
      await expect(countdown).toHaveText(/^\(expires in 23 h 59 min \d+ s\)$/);
      const before = await countdown.textContent();
      await expect(countdown).not.toHaveText(before ?? '');

      const files = await downloadParameters(page, work.dir);
      expect(files.publicKey.fileName).toBe(`wrappingKey-${keyId}.der`);
      expect(files.importToken.fileName).toBe(`importToken-${keyId}.bin`);
      expect(files.importToken.bytes.length).toBeGreaterThanOrEqual(16);
      const publicKey = createPublicKey({ key: files.publicKey.bytes, format: 'der', type: 'spki' });
      expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
      // The PEM on the page is the same key as the download.
      const pem = (await wizard(page).getByTestId('public-key-pem').textContent()) ?? '';
      expect(createPublicKey(pem).export({ type: 'spki', format: 'der' }).equals(files.publicKey.bytes)).toBe(true);
    });

    await test.step('the commands name the downloaded files, generate 32 bytes and wrap them; run as shown they work', async () => {
      const commands = await wizardCommands(page);
      expect(commands).toContain(`openssl rand -out keyMaterial-${keyId}.bin 32`);
      expect(commands).toContain(`-inkey wrappingKey-${keyId}.der -keyform DER`);
      expect(commands).toContain('rsa_oaep_md:sha256');
      expect(commands).not.toContain('xxd');
      runCommands(commands, work.dir);
      expect(statSync(material).size).toBe(32);
      expect(statSync(wrapped).size).toBe(384);
    });

    await test.step('uploading the wrapped file with the wizard’s token imports the material: Enabled, never expires', async () => {
      await importWrapped(page, { wrappedFile: wrapped });
      await expect(toast(page, 'Key material imported')).toBeVisible();
      await expect(wizard(page)).toBeHidden();
      await expect(keyDetail(page, 'State')).toHaveText('Enabled');
      await expect(materialDetail(page, 'Status')).toHaveText('Imported');
      await expect(materialDetail(page, 'Expires')).toHaveText('Never');
      await expect(materialDetail(page, 'Imported')).toHaveText(/UTC$/);
      // Whole, so a person can compare it; and honest that nobody can compute it from a file.
      await expect(page.getByTestId('material-id')).toHaveText(/^[0-9a-f]{64}$/);
      await expect(page.getByTestId('material-id-help')).toContainText('with a secret key that only this Keyfort holds (HMAC-SHA256), so it cannot be computed from a key file');
      // The key check value Keyfort computed at the import, with the openssl command that prints a file's.
      await expect(page.getByTestId('material-id-help')).toContainText(/compare it with this key’s \([0-9A-F]{6}\)/);
      await expect(page.getByTestId('material-id-help')).toContainText('openssl mac -cipher AES-256-CBC');
      await expect(page.getByTestId('material-removal')).toHaveCount(0);
      await page.reload();
      await expect(keyDetail(page, 'State')).toHaveText('Enabled');
    });
    const materialId = await page.getByTestId('material-id').textContent();
    expect(materialId).toMatch(/^[0-9a-f]{64}$/);

    await test.step('deleting the material asks for the alias, explains the consequence and leaves Pending import', async () => {
      await page.getByRole('button', { name: 'Delete material of version 1' }).click();
      const dialog = page.getByRole('alertdialog', { name: 'Delete the key material of version 1?' });
      await expect(dialog).toContainText('data encrypted under this key cannot be decrypted until you import the same material again');
      const confirm = dialog.getByRole('button', { name: 'Delete key material' });
      await expect(confirm).toBeDisabled();
      await dialog.getByLabel(`Type ${alias} to confirm`).fill(keyId);
      await expect(confirm).toBeDisabled();
      await dialog.getByLabel(`Type ${alias} to confirm`).fill(alias);
      const deletedAt = Date.now();
      await confirm.click();
      await passReauthenticationIfAsked(page, toast(page, 'Key material deleted'));
      await expect(keyDetail(page, 'State')).toHaveText('Pending import');
      await expect(materialDetail(page, 'Status')).toHaveText('Awaiting import');
      // Which happened and when, from the key's own record (to the second, UTC), not "deleted or expired".
      const removal = page.getByTestId('material-removal');
      await expect(removal).toHaveText(/^Deleted by hand on .+ \d{2}:\d{2}:\d{2} UTC$/);
      const recordedAt = Date.parse((await removal.locator('time').getAttribute('datetime')) ?? '');
      expect(Math.abs(recordedAt - deletedAt)).toBeLessThan(60_000);
      await expect(page.getByTestId('material-explain')).toContainText('it was deleted on');
      await expect(page.getByTestId('material-explain')).not.toContainText('expired');
      // The online tool offers nothing and names the cause: deleted, not expired.
      const tool = page.getByTestId('crypto-tool-unavailable');
      await expect(tool).toHaveAttribute('data-reason', 'MATERIAL_DELETED');
      await expect(tool).toContainText('material was deleted by hand on');
      await expect(page.getByRole('button', { name: 'Encrypt', exact: true })).toHaveCount(0);
      // The binding stays: the material ID is still shown.
      await expect(page.getByTestId('material-id')).toHaveText(materialId ?? '');
      await expect(page.getByRole('button', { name: 'Delete material of version 1' })).toHaveCount(0);
    });

    const other = workFolder();
    try {
      await test.step('different material is refused with its own message, and nothing changes', async () => {
        await openWizard(page);
        await getParameters(page);
        const commands = await wizardCommands(page);
        // A bound key: the commands wrap the existing file instead of generating new material.
        expect(commands).not.toContain('openssl rand');
        await downloadParameters(page, other.dir);
        opensslRandom(join(other.dir, `keyMaterial-${keyId}.bin`));
        runCommands(commands, other.dir);
        const post = await captureActionPost(page, () => importWrapped(page, { wrappedFile: join(other.dir, `wrappedKeyMaterial-${keyId}.bin`) }));
        // The refusal names the version the key expected, its key check value and material ID.
        await expect(wizard(page).getByRole('alert')).toHaveText(
          new RegExp(`^This is not the material of version 1 \\(key check value [0-9A-F]{6}, material ID ${materialId}\\): a version only accepts its own material\\.`),
        );

        // The server decodes the files' base64 strictly and bounds their size, whatever the browser sends.
        const token = readFileSync(join(other.dir, `importToken-${keyId}.bin`)).toString('base64');
        for (const [field, value] of [
          ['importToken', 'not base64!'],
          ['importToken', `${token.slice(0, 8)}\n${token.slice(8)}`],
          ['encryptedKeyMaterial', Buffer.alloc(2049, 1).toString('base64')],
          ['encryptedKeyMaterial', 'QUJD-_'],
        ] as const) {
          await replayAction(page.request, withInput(post, { [field]: value }));
        }
        // Judged by the effect: after a reload the key still awaits its material.

        await page.reload();
        await expect(keyDetail(page, 'State')).toHaveText('Pending import');
        await expect(materialDetail(page, 'Status')).toHaveText('Awaiting import');
        await expect(page.getByTestId('material-id')).toHaveText(materialId ?? '');
      });
    } finally {
      other.remove();
    }

    await test.step('the same material, wrapped under new parameters, imports again → Enabled', async () => {
      await openWizard(page);
      await getParameters(page);
      // New parameters replace the earlier downloads in the working folder, as the wizard advises.
      await download(page, 'Download public key (.der)', work.dir);
      runCommands(await wizardCommands(page), work.dir);
      await importWrapped(page, { wrappedFile: wrapped });
      await expect(toast(page, 'Key material imported')).toBeVisible();
      await expect(keyDetail(page, 'State')).toHaveText('Enabled');
      await expect(page.getByTestId('material-id')).toHaveText(materialId ?? '');
    });
  } finally {
    work.remove();
  }
});

test('RSA_AES_KEY_WRAP_SHA_256 works with the two-step commands; a token file from earlier parameters is accepted', async ({ page }) => {
  test.setTimeout(120_000);
  const work = workFolder();
  try {
    const keyId = await openSeededKey(page, { alias: uniquePrefix('byok-kwp'), origin: 'EXTERNAL' });
    await openWizard(page);
    const parameters = await getParameters(page, { keySpec: 'RSA_2048', algorithm: 'RSA_AES_KEY_WRAP_SHA_256' });
    await expect(parameters).toContainText('RSA_2048 public key, RSA_AES_KEY_WRAP_SHA_256');
    const files = await downloadParameters(page, work.dir);

    const commands = await wizardCommands(page);
    expect(commands).toContain('openssl enc -id-aes256-wrap-pad -iv A65959A6');
    expect(commands).toContain('od -An -tx1');
    expect(commands).not.toContain('xxd');
    runCommands(commands, work.dir);
    // RSA-2048 part (256 bytes) followed by the RFC 5649 wrap of 32 bytes (40 bytes); the one-time files are gone.
    const wrapped = join(work.dir, `wrappedKeyMaterial-${keyId}.bin`);
    expect(statSync(wrapped).size).toBe(256 + 40);
    expect(readdirSync(work.dir).sort()).toEqual(
      [files.publicKey.fileName, files.importToken.fileName, `keyMaterial-${keyId}.bin`, `wrappedKeyMaterial-${keyId}.bin`].sort(),
    );

    // Fetching new parameters after wrapping: the wizard now carries a token whose key did not wrap this file.
    await getParameters(page, { keySpec: 'RSA_2048', algorithm: 'RSA_AES_KEY_WRAP_SHA_256' });
    await importWrapped(page, { wrappedFile: wrapped });
    await expect(wizard(page).getByRole('alert')).toHaveText(/^The wrapped key material could not be unwrapped with this import token\./);
    await expect(keyDetail(page, 'State')).toHaveText('Pending import');

    // Closing the wizard forgets its token; step 2 then asks for the token file downloaded earlier.
    await wizard(page).getByRole('button', { name: 'Close' }).click();
    await openWizard(page);
    await wizard(page).getByRole('button', { name: /go to step 2/ }).click();
    await importWrapped(page, { wrappedFile: wrapped, tokenFile: join(work.dir, files.importToken.fileName) });
    await expect(toast(page, 'Key material imported')).toBeVisible();
    await expect(keyDetail(page, 'State')).toHaveText('Enabled');
    expect(existsSync(join(work.dir, `aesKey-${keyId}.bin`))).toBe(false);
  } finally {
    work.remove();
  }
});

test('wrapped material can be pasted as base64 (line breaks and all) instead of uploaded', async ({ page }) => {
  const work = workFolder();
  try {
    const keyId = await openSeededKey(page, { alias: uniquePrefix('byok-paste'), origin: 'EXTERNAL' });
    await openWizard(page);
    await getParameters(page, { keySpec: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_1' });
    await downloadParameters(page, work.dir);
    const commands = await wizardCommands(page);
    expect(commands).toContain('rsa_oaep_md:sha1 -pkeyopt rsa_mgf1_md:sha1');
    runCommands(commands, work.dir);
    const base64 = readFileSync(join(work.dir, `wrappedKeyMaterial-${keyId}.bin`)).toString('base64').replace(/.{76}/g, '$&\n');

    const panel = wizard(page);
    await panel.getByRole('radio', { name: 'Paste base64' }).check();
    await panel.getByLabel('Wrapped key material (base64)').fill('not base64 at all!');
    await panel.getByRole('button', { name: 'Import key material', exact: true }).click();
    await expect(panel.locator('#wrapped-material-base64-error')).toContainText('not valid base64');
    await panel.getByLabel('Wrapped key material (base64)').fill(base64);
    await panel.getByRole('button', { name: 'Import key material', exact: true }).click();
    await expect(toast(page, 'Key material imported')).toBeVisible();
    await expect(keyDetail(page, 'State')).toHaveText('Enabled');
  } finally {
    work.remove();
  }
});

test('a generated key offers neither import nor delete, and the server refuses import parameters for it', async ({ page }) => {
  const generated = await seedKey(page, { alias: uniquePrefix('generated') });
  await openSeededKey(page, { alias: uniquePrefix('external-for-capture'), origin: 'EXTERNAL' });
  await openWizard(page);
  const post = await captureActionPost(page, () => wizard(page).getByRole('button', { name: 'Get import parameters' }).click());
  const response = await replayAction(page.request, withInput(post, { keyId: generated }));
  // The refusal hands out no wrapping key (checked as an absence in the raw bytes, not by reading the answer).
  expect(response.body).not.toContain('BEGIN PUBLIC KEY');

  await page.goto(`/keys/${generated}`);
  await expect(materialDetail(page, 'Status')).toHaveText('Generated by Keyfort');
  for (const name of ['Import key material', 'Import again', 'Import new material for rotation']) {
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
  }
  await expect(page.getByRole('button', { name: /^(Re-import|Delete material of) version/ })).toHaveCount(0);
});
