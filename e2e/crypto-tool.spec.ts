import { expect, test, type Locator, type Page } from './support/test';
import { keyDetail, openSeededKey, seedKey, toast } from './support/keys';
import { captureActionPost, replayAction, withInput } from './support/server-action';
import { huaweiCaller } from './support/huawei';
import { uniquePrefix } from './support/unique';
import { recordSecret } from '../tests/support/test-logs.mjs';

// The key page's online tool: encrypt text, decrypt it back, with an encryption context; and the errors a
// person meets (other context, another key's ciphertext, a disabled key, a key without material).

const BASE64 = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const INVALID_CIPHERTEXT = /The ciphertext could not be decrypted: it was changed or truncated, or the encryption context is not the one/;

function tool(page: Page) {
  const panel = page.getByRole('region', { name: 'Online tool', exact: true });
  const encrypt = panel.getByRole('region', { name: 'Encrypt', exact: true });
  const decrypt = panel.getByRole('region', { name: 'Decrypt', exact: true });
  return {
    panel,
    encrypt,
    decrypt,
    plaintext: encrypt.getByRole('textbox', { name: 'Plaintext', exact: true }),
    ciphertextOut: encrypt.getByRole('textbox', { name: 'Ciphertext (base64)', exact: true }),
    ciphertextIn: decrypt.getByRole('textbox', { name: 'Ciphertext (base64)', exact: true }),
    plaintextOut: decrypt.getByRole('textbox', { name: 'Plaintext', exact: true }),
    contextKey: (n: number) => panel.getByRole('textbox', { name: `Context key ${n}`, exact: true }),
    contextValue: (n: number) => panel.getByRole('textbox', { name: `Context value ${n}`, exact: true }),
  };
}

async function addPair(page: Page, key: string, value: string): Promise<void> {
  const { panel } = tool(page);
  const rows = await panel.getByRole('textbox', { name: /^Context key \d+$/ }).count();
  await panel.getByRole('button', { name: 'Add pair', exact: true }).click();
  await tool(page).contextKey(rows + 1).fill(key);
  await tool(page).contextValue(rows + 1).fill(value);
}

/** Encrypts `text` with the tool's current context and returns the base64 ciphertext it shows. */
async function encryptText(page: Page, text: string): Promise<string> {
  const t = tool(page);
  recordSecret('plaintext', text);
  await t.plaintext.fill(text);
  await t.encrypt.getByRole('button', { name: 'Encrypt', exact: true }).click();
  await expect(t.ciphertextOut).toHaveValue(BASE64);
  return t.ciphertextOut.inputValue();
}

async function decryptCiphertext(page: Page, ciphertext: string): Promise<void> {
  const t = tool(page);
  await t.ciphertextIn.fill(ciphertext);
  await t.decrypt.getByRole('button', { name: 'Decrypt', exact: true }).click();
}

function alertIn(region: Locator, text: string | RegExp): Locator {
  return region.getByRole('alert').filter({ hasText: text });
}

test('text encrypted with an encryption-context pair decrypts back to the same text; another context is refused', async ({ page }) => {
  await openSeededKey(page, { alias: uniquePrefix('crypto-round-trip') });
  const t = tool(page);
  const text = 'Grüße aus Keyfort — 世界 🔑\nline two';
  await addPair(page, 'tenant', 'acme');

  const ciphertext = await encryptText(page, text);
  expect(Buffer.from(ciphertext, 'base64').toString('utf8')).not.toContain('Keyfort');
  // A fresh nonce each time: the same text never gives the same ciphertext.
  await t.encrypt.getByRole('button', { name: 'Encrypt', exact: true }).click();
  await expect(t.ciphertextOut).not.toHaveValue(ciphertext);
  await expect(t.ciphertextOut).toHaveValue(BASE64);

  await test.step('pasted (here with the line breaks `base64` adds), it decrypts to the text', async () => {
    await decryptCiphertext(page, ciphertext.replace(/(.{76})/g, '$1\n'));
    await expect(t.plaintextOut).toHaveValue(text);
    await expect(t.decrypt.getByText('not valid UTF-8')).toHaveCount(0);
  });

  await test.step('with another value for the pair, decryption is refused as an invalid ciphertext', async () => {
    await t.contextValue(1).fill('other-tenant');
    await t.decrypt.getByRole('button', { name: 'Decrypt', exact: true }).click();
    await expect(alertIn(t.decrypt, INVALID_CIPHERTEXT)).toBeVisible();
    await expect(t.plaintextOut).toHaveCount(0);
  });

  await test.step('without the pair it is refused too', async () => {
    await t.panel.getByRole('button', { name: 'Remove pair 1', exact: true }).click();
    await expect(t.contextKey(1)).toHaveCount(0);
    await t.decrypt.getByRole('button', { name: 'Decrypt', exact: true }).click();
    await expect(alertIn(t.decrypt, INVALID_CIPHERTEXT)).toBeVisible();
  });

  await test.step('a changed byte is refused', async () => {
    await addPair(page, 'tenant', 'acme');
    const bytes = Buffer.from(ciphertext, 'base64');
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 20) ^ 0x01, bytes.length - 20);
    await decryptCiphertext(page, bytes.toString('base64'));
    await expect(alertIn(t.decrypt, INVALID_CIPHERTEXT)).toBeVisible();
  });

  await test.step('with the same pair again, "Decrypt this ciphertext" round-trips the latest ciphertext', async () => {
    await t.encrypt.getByRole('button', { name: 'Decrypt this ciphertext', exact: true }).click();
    await expect(t.ciphertextIn).toHaveValue(await t.ciphertextOut.inputValue());
    await t.decrypt.getByRole('button', { name: 'Decrypt', exact: true }).click();
    await expect(t.plaintextOut).toHaveValue(text);
  });
});

test('the tool checks its input: not base64, a pair without key, a key twice, more than 4096 bytes of UTF-8', async ({ page }) => {
  await openSeededKey(page, { alias: uniquePrefix('crypto-input') });
  const t = tool(page);

  await decryptCiphertext(page, 'this is not base64!');
  await expect(t.decrypt.locator('#decrypt-ciphertext-error')).toHaveText(/This is not base64 ciphertext/);

  await t.panel.getByRole('button', { name: 'Add pair', exact: true }).click();
  await t.contextValue(1).fill('value without key');
  await t.plaintext.fill('hello');
  await t.encrypt.getByRole('button', { name: 'Encrypt', exact: true }).click();
  await expect(t.panel.getByText('Enter a key for this pair, or remove the pair.')).toBeVisible();
  await expect(t.contextKey(1)).toHaveAttribute('aria-invalid', 'true');
  await expect(t.ciphertextOut).toHaveCount(0);

  await t.contextKey(1).fill('k');
  await addPair(page, 'k', 'again');
  await t.encrypt.getByRole('button', { name: 'Encrypt', exact: true }).click();
  await expect(t.panel.getByText('This key is already used by another pair.', { exact: false })).toBeVisible();
  await expect(t.contextKey(2)).toHaveAttribute('aria-invalid', 'true');
  await t.panel.getByRole('button', { name: 'Remove pair 2', exact: true }).click();

  // 2049 × "é" is 2049 characters but 4098 bytes.
  await t.plaintext.fill('é'.repeat(2049));
  await expect(t.encrypt.getByText('(4098 used)', { exact: false })).toBeVisible();
  await t.encrypt.getByRole('button', { name: 'Encrypt', exact: true }).click();
  await expect(t.encrypt.locator('#encrypt-plaintext-error')).toHaveText(/longer than 4096 bytes of UTF-8/);
  await expect(t.ciphertextOut).toHaveCount(0);
  await t.plaintext.fill('é'.repeat(2048));
  await t.encrypt.getByRole('button', { name: 'Encrypt', exact: true }).click();
  await expect(t.ciphertextOut).toHaveValue(BASE64);
});

test('the server refuses more than 4096 bytes and a repeated context key even when the form is bypassed', async ({ page }) => {
  const keyId = await openSeededKey(page, { alias: uniquePrefix('crypto-bypass') });
  const t = tool(page);
  await t.plaintext.fill('captured');
  const post = await captureActionPost(page, () => t.encrypt.getByRole('button', { name: 'Encrypt', exact: true }).click());
  await expect(t.ciphertextOut).toHaveValue(BASE64);

  // Successful encryptions are not audited and change nothing, so the only effect to look for is a
  // ciphertext in the answer. 4096 bytes of plaintext make a base64 ciphertext of over 5000 characters: its
  // absence is checked in the raw bytes (the answer is not read), with the accepted 4096-byte post as control.
  const CIPHERTEXT_OF_4096_BYTES = /[A-Za-z0-9+/]{5000,}/;
  const exactly = await replayAction(page.request, withInput(post, { keyId, plaintext: 'é'.repeat(2048) }));
  expect(exactly.status).toBe(200);
  expect(exactly.body).toMatch(CIPHERTEXT_OF_4096_BYTES);
  // Only the ciphertext comes back, never the plaintext.
  expect(exactly.body).not.toContain('é'.repeat(16));

  const tooLong = await replayAction(page.request, withInput(post, { keyId, plaintext: 'é'.repeat(2049) }));
  expect(tooLong.status).toBe(200);
  expect(tooLong.body).not.toMatch(CIPHERTEXT_OF_4096_BYTES);
  const repeated = await replayAction(
    page.request,
    withInput(post, { keyId, plaintext: 'é'.repeat(2048), encryptionContext: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] }),
  );
  expect(repeated.status).toBe(200);
  expect(repeated.body).not.toMatch(CIPHERTEXT_OF_4096_BYTES);
});

test('a ciphertext of another key is refused on this key’s page', async ({ page }) => {
  const prefix = uniquePrefix('crypto-other-key');
  const otherKeyId = await seedKey(page, { alias: `${prefix}-other` });
  await openSeededKey(page, { alias: `${prefix}-this` });
  const ciphertext = await encryptText(page, 'belongs to this key');

  await page.goto(`/keys/${otherKeyId}`);
  await decryptCiphertext(page, ciphertext);
  await expect(alertIn(tool(page).decrypt, 'This ciphertext was encrypted under another key.')).toBeVisible();
});

test('a disabled key offers neither Encrypt nor Decrypt and says why; a page left open learns it on its first try; enabled again, it decrypts', async ({ page, context }) => {
  const keyId = await openSeededKey(page, { alias: uniquePrefix('crypto-disabled') });
  const t = tool(page);
  const ciphertext = await encryptText(page, 'made while enabled');

  // Disabled elsewhere: this page still offers the tool, and the server's refusal brings the page up to date.
  const other = await context.newPage();
  await other.goto(`/keys/${keyId}`);
  await other.getByRole('button', { name: 'Disable key' }).click();
  await other.getByRole('alertdialog').getByRole('button', { name: 'Disable key' }).click();
  await expect(toast(other, 'Key disabled')).toBeVisible();
  await other.close();

  await decryptCiphertext(page, ciphertext);
  await expect(keyDetail(page, 'State')).toHaveText('Disabled');
  const unavailable = t.panel.getByTestId('crypto-tool-unavailable');
  await expect(unavailable).toHaveAttribute('data-reason', 'DISABLED');
  await expect(unavailable).toContainText('This key is disabled, so it cannot encrypt or decrypt. Enable the key to use it.');
  await expect(t.panel.getByRole('button', { name: 'Encrypt', exact: true })).toHaveCount(0);
  await expect(t.panel.getByRole('button', { name: 'Decrypt', exact: true })).toHaveCount(0);

  await page.getByRole('button', { name: 'Enable key' }).click();
  await expect(toast(page, 'Key enabled')).toBeVisible();
  await decryptCiphertext(page, ciphertext);
  await expect(t.plaintextOut).toHaveValue('made while enabled');
});

test('a key waiting for its material offers no Encrypt and says to import material first', async ({ page }) => {
  await openSeededKey(page, { alias: uniquePrefix('crypto-pending'), origin: 'EXTERNAL' });
  await expect(keyDetail(page, 'State')).toHaveText('Pending import');
  const t = tool(page);
  await expect(t.panel.getByTestId('crypto-tool-unavailable')).toContainText('This key has no key material yet, so it cannot encrypt or decrypt. Import key material to use it.');
  await expect(t.panel.getByRole('button', { name: 'Encrypt', exact: true })).toHaveCount(0);
  await expect(t.plaintext).toHaveCount(0);
});

test('one key, two APIs: text encrypted through the Huawei API decrypts in the console with its additional data as the pair, and the console’s ciphertext decrypts through the Huawei API', async ({
  page,
}) => {
  const keyId = await openSeededKey(page, { alias: uniquePrefix('crypto-huawei') });
  const huawei = await huaweiCaller(page);
  const t = tool(page);
  const text = 'Huawei 数据 → console';
  recordSecret('plaintext', Buffer.from(text));

  const encrypted = await huawei.call('encrypt-data', { key_id: keyId, plain_text: text, additional_authenticated_data: 'tenant-7' });
  expect(encrypted.status).toBe(200);
  await addPair(page, 'additional_authenticated_data', 'tenant-7');
  await decryptCiphertext(page, String(encrypted.body.cipher_text));
  await expect(t.plaintextOut).toHaveValue(text);

  const ciphertext = await encryptText(page, text);
  const decrypted = await huawei.call('decrypt-data', { cipher_text: ciphertext, additional_authenticated_data: 'tenant-7' });
  expect(decrypted).toEqual({ status: 200, body: expect.objectContaining({ key_id: keyId, plain_text: text }) });
});
