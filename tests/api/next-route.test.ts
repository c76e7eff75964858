// The console's own endpoint, POST /api/aws on the Next.js port, answers like the dedicated listener: same
// handler, same data. It needs `next build`; scripts/test-all.sh builds first and sets
// KEYFORT_API_TESTS_REQUIRE_NEXT=1 so a missing build fails there instead of skipping.
import { DecryptCommand, DescribeKeyCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKey, expectKmsError, keyArn, kmsClient } from './support/client';
import { PROJECT_ROOT, startConsoleServer, type RunningServer } from './support/server';

const built = existsSync(path.join(PROJECT_ROOT, '.next', 'BUILD_ID'));
const required = process.env.KEYFORT_API_TESTS_REQUIRE_NEXT === '1';
if (!built && !required) console.warn('[api tests] no `next build` output: the console /api/aws route test is skipped.');

describe.skipIf(!built && !required)('the console route POST /api/aws', () => {
  let console_: RunningServer;
  let onConsole: KMSClient;
  const listener = kmsClient();

  beforeAll(async () => {
    if (!built) throw new Error('KEYFORT_API_TESTS_REQUIRE_NEXT=1 but .next/BUILD_ID is missing: run `next build` first.');
    const { dataDir, rootKeyBase64 } = inject('keyfort');
    // No key-pair pool warm-up: it would only compete for the CPU with the tests.
    console_ = await startConsoleServer({ dataDir, rootKeyBase64, env: { KEYFORT_KEY_POOL_SIZE: '0' } });
    onConsole = kmsClient({ endpoint: `${console_.origin}/api/aws` });
  }, 180_000);

  afterAll(async () => {
    await console_?.stop();
  });

  it('serves the same keys as the listener: a ciphertext from one decrypts on the other', async () => {
    const { KeyId } = await createKey(onConsole, { Description: 'created through the console route' });
    const { KeyMetadata } = await listener.send(new DescribeKeyCommand({ KeyId }));
    expect(KeyMetadata).toMatchObject({ KeyId, Arn: keyArn(KeyId), Description: 'created through the console route' });

    const { CiphertextBlob } = await listener.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('across endpoints') }));
    const decrypted = await onConsole.send(new DecryptCommand({ CiphertextBlob }));
    expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('across endpoints');
  });

  it('refuses a wrong secret with InvalidSignatureException, as the listener does', async () => {
    const forger = kmsClient({ endpoint: `${console_.origin}/api/aws`, secretAccessKey: 'not-the-secret-not-the-secret-not-the' });
    await expectKmsError(forger.send(new DescribeKeyCommand({ KeyId: 'alias/anything' })), 'InvalidSignatureException');
  });
});
